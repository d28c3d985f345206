package dev.pipeline.processor.catalog;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import org.rocksdb.RocksIterator;

/**
 * The catalogue's items in {@link dev.pipeline.processor.run.SortKey} order, one at a time, from one
 * snapshot of its store: for a report's changes, read beside the run's store in the same order.
 * The current key is in {@link #key()} up to {@link #keyLength()}, valid until the next move.
 */
public final class VersionCursor implements AutoCloseable {

    private final RocksIterator iterator;
    private final Runnable release;
    private ByteBuffer key = ByteBuffer.allocate(256);
    private ByteBuffer value = ByteBuffer.allocate(512);
    private int keyLength;

    VersionCursor(RocksIterator iterator, Runnable release) {
        this.iterator = iterator;
        this.release = release;
    }

    /** To the first key at or after {@code target}. */
    public void seek(byte[] target) {
        iterator.seek(target);
        load();
    }

    public void next() {
        iterator.next();
        load();
    }

    public boolean valid() {
        return iterator.isValid();
    }

    /** Whether there is a current key and it starts with {@code prefix}. */
    public boolean validWithin(byte[] prefix) {
        return iterator.isValid()
                && keyLength >= prefix.length
                && Arrays.equals(key.array(), 0, prefix.length, prefix, 0, prefix.length);
    }

    public byte[] key() {
        return key.array();
    }

    public int keyLength() {
        return keyLength;
    }

    /** The current item's state before a run that started at {@code startOffsets}: see {@link Versions#baseline}. */
    public Version baseline(Map<Integer, Long> startOffsets) {
        return Versions.decode(currentValue()).baseline(startOffsets);
    }

    /** The same, into {@code baseline} (made for the run's start offsets), without decoding: for a pass over every item. */
    public Baseline baseline(Baseline baseline) {
        baseline.of(currentValue());
        return baseline;
    }

    private ByteBuffer currentValue() {
        value.clear();
        int size = iterator.value(value);
        if (size > value.capacity()) {
            value = ByteBuffer.allocate(Integer.highestOneBit(size) * 2);
            value.clear();
            iterator.value(value);
        }
        return value.slice(0, size);
    }

    /** Whether {@code version} is the marker of a state the catalogue no longer holds. */
    public static boolean unknown(Version version) {
        return version == Versions.UNKNOWN;
    }

    private void load() {
        if (!iterator.isValid()) {
            keyLength = 0;
            return;
        }
        key.clear();
        int size = iterator.key(key);
        if (size > key.capacity()) {
            key = ByteBuffer.allocate(Integer.highestOneBit(size) * 2);
            key.clear();
            iterator.key(key);
        }
        keyLength = size;
    }

    @Override
    public void close() {
        release.run();
    }
}
