package dev.pipeline.processor.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.springframework.util.FileSystemUtils;

/**
 * One open run's records, on disk and off the heap: products by {@link SortKey} (so the last
 * write of a key wins and iteration is in report order), errors by where they were read, and
 * where each of the run's product records was read (partition and offset, so a record read twice
 * — a replay, a rebalance, a range read — counts once: what the report compares with what the run
 * published). It is a cache, not a source of truth: everything in it is rebuilt from Kafka after a
 * crash, which is why writes skip RocksDB's write-ahead log.
 */
public final class RunStore implements AutoCloseable {

    static {
        RocksDB.loadLibrary();
    }

    private static final byte[] EMPTY = new byte[0];

    private final Path directory;
    private final DBOptions options;
    private final ColumnFamilyOptions familyOptions;
    /** Keys of 12 bytes and no values: small write buffers are plenty. */
    private final ColumnFamilyOptions offsetOptions;

    private final WriteOptions writes;
    private final RocksDB db;
    private final ColumnFamilyHandle products;
    private final ColumnFamilyHandle errors;
    private final ColumnFamilyHandle recordsRead;
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    /** Per products partition, what {@link #recordsRead} answers from without counting keys. */
    private final Map<Integer, ReadOffsets> readOffsets = new ConcurrentHashMap<>();

    private RunStore(Path directory) throws RocksDBException {
        this.directory = directory;
        this.options = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setMaxBackgroundJobs(2);
        // Never compacted: a run's store is written once, read in key order for the report (a merge
        // of its flushed files, as compacted ones would be read), then deleted. With the records of
        // three partitions in no key order every file overlaps every other, so each compaction
        // rewrote most of the store again: 6.5 of a 1M run's 39 processor CPU-s (BENCHMARKS.md, #16's
        // ninth round). RocksDB stalls no write on the count of uncompacted files when compaction is off.
        this.familyOptions = new ColumnFamilyOptions()
                .setWriteBufferSize(8L * 1024 * 1024)
                .setMaxWriteBufferNumber(2)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setDisableAutoCompactions(true);
        this.offsetOptions = new ColumnFamilyOptions()
                .setWriteBufferSize(2L * 1024 * 1024)
                .setMaxWriteBufferNumber(2)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setDisableAutoCompactions(true);
        this.writes = new WriteOptions().setDisableWAL(true);
        try {
            this.db = RocksDB.open(
                    options,
                    directory.toString(),
                    List.of(
                            new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, familyOptions),
                            new ColumnFamilyDescriptor("errors".getBytes(StandardCharsets.UTF_8), familyOptions),
                            new ColumnFamilyDescriptor("records-read".getBytes(StandardCharsets.UTF_8), offsetOptions)),
                    handles);
        } catch (RocksDBException e) {
            // Opening is retried while the disk is failing: don't leak native options each time.
            writes.close();
            offsetOptions.close();
            familyOptions.close();
            options.close();
            throw e;
        }
        this.products = handles.get(0);
        this.errors = handles.get(1);
        this.recordsRead = handles.get(2);
    }

    static RunStore open(Path directory) {
        try {
            return new RunStore(directory);
        } catch (RocksDBException e) {
            throw new StoreException("cannot open the run store at " + directory, e);
        }
    }

    void putProduct(byte[] key, byte[] value) {
        try {
            db.put(products, writes, key, value);
        } catch (RocksDBException e) {
            throw new StoreException("cannot store a product", e);
        }
    }

    void putError(byte[] key, byte[] value) {
        try {
            db.put(errors, writes, key, value);
        } catch (RocksDBException e) {
            throw new StoreException("cannot store an error", e);
        }
    }

    /**
     * A product stored under {@code key} and where its record was read ({@link #putRecordRead(int, long,
     * String)}), in one write: RocksDB's write path (the writer queue, a sequence number, the memtables)
     * is taken once per record instead of twice, and the two are stored together or not at all.
     */
    void putProductRead(byte[] key, byte[] value, int partition, long offset, String attempt) {
        ReadOffsets read = readOffsets.computeIfAbsent(partition, p -> new ReadOffsets());
        synchronized (read) {
            WriteBatch batch = read.batch();
            try {
                batch.put(products, key, value);
                batch.put(recordsRead, recordReadKey(partition, offset), attemptBytes(attempt));
                db.write(writes, batch);
            } catch (RocksDBException e) {
                throw new StoreException("cannot store a product", e);
            } finally {
                batch.clear();
            }
            read.stored(offset, attempt);
        }
    }

    private static byte[] recordReadKey(int partition, long offset) {
        return ByteBuffer.allocate(12).putInt(partition).putLong(offset).array();
    }

    private static byte[] attemptBytes(String attempt) {
        return attempt == null ? EMPTY : attempt.getBytes(StandardCharsets.UTF_8);
    }

    /** One of the run's product records was read at {@code offset} of products partition {@code partition}. */
    void putRecordRead(int partition, long offset) {
        putRecordRead(partition, offset, null);
    }

    /**
     * One of the run's product records was read at {@code offset} of products partition {@code partition},
     * published by the task's try {@code attempt} ({@code null} when the record does not say).
     */
    void putRecordRead(int partition, long offset, String attempt) {
        ReadOffsets read = readOffsets.computeIfAbsent(partition, p -> new ReadOffsets());
        synchronized (read) {
            try {
                db.put(recordsRead, writes, recordReadKey(partition, offset), attemptBytes(attempt));
            } catch (RocksDBException e) {
                throw new StoreException("cannot store where a record was read", e);
            }
            read.stored(offset, attempt);
        }
    }

    /** How many of the run's product records were read, each counted once however often it was read. */
    public long recordsRead() {
        return recordsRead(attempt -> true);
    }

    /**
     * How many of the run's product records of the tries {@code counted} accepts were read (records that
     * name no try count always), each counted once however often it was read: counted as they were
     * stored while every partition's offsets came in rising order (as a consumer reads them), so each
     * was new; counted over the keys once any offset came again or out of order (a replay, a range read
     * of a partition consumed here before) — a million keys take a fifth of a second, which was the
     * first step of a large run's report.
     */
    public long recordsRead(Predicate<String> counted) {
        long total = 0;
        for (ReadOffsets read : readOffsets.values()) {
            synchronized (read) {
                if (!read.rising) {
                    return countRead(counted);
                }
                total += read.count(counted);
            }
        }
        return total;
    }

    private long countRead(Predicate<String> counted) {
        long count = 0;
        try (RocksIterator iterator = db.newIterator(recordsRead)) {
            for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                byte[] attempt = iterator.value();
                if (attempt.length == 0 || counted.test(new String(attempt, StandardCharsets.UTF_8))) {
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * Of one partition: how many offsets were stored, by the try that published them, the last one, and
     * whether each was above the one before. Tries grow with a run's tasks, not with its records.
     */
    private static final class ReadOffsets {
        private long last = -1;
        private long unnamed;
        private final Map<String, Long> byAttempt = new HashMap<>();
        private boolean rising = true;
        /** The partition's batch for {@link #putProductRead}, used under this object's lock, emptied after each use. */
        private WriteBatch batch;

        WriteBatch batch() {
            if (batch == null) {
                batch = new WriteBatch();
            }
            return batch;
        }

        void close() {
            if (batch != null) {
                batch.close();
                batch = null;
            }
        }

        void stored(long offset, String attempt) {
            if (offset > last) {
                last = offset;
                if (attempt == null) {
                    unnamed++;
                } else {
                    byAttempt.merge(attempt, 1L, Long::sum);
                }
            } else {
                rising = false;
            }
        }

        long count(Predicate<String> counted) {
            long count = unnamed;
            for (Map.Entry<String, Long> attempt : byAttempt.entrySet()) {
                if (counted.test(attempt.getKey())) {
                    count += attempt.getValue();
                }
            }
            return count;
        }
    }

    /** How many products there are, as {@link #forEachProduct} would answer, without reading one. */
    public long productCount() {
        return count(products);
    }

    /** How many errors there are, as {@link #forEachError} would answer, without reading one. */
    public long errorCount() {
        return count(errors);
    }

    /**
     * How many products there are of each source, from their keys alone (a key begins with its
     * source's name, then a 0 byte: {@link SortKey}); no value is read. For the quality gates.
     */
    public Map<String, Long> productsBySource() {
        Map<String, Long> counts = new TreeMap<>();
        try (RocksIterator iterator = db.newIterator(products)) {
            for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                byte[] key = iterator.key();
                int end = 0;
                while (end < key.length && key[end] != 0) {
                    end++;
                }
                counts.merge(new String(key, 0, end, StandardCharsets.UTF_8), 1L, Long::sum);
            }
        }
        return counts;
    }

    /** Steps over the keys without copying any out of RocksDB: a million of them when a run is that large. */
    private long count(ColumnFamilyHandle family) {
        long count = 0;
        try (RocksIterator iterator = db.newIterator(family)) {
            for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                count++;
            }
        }
        return count;
    }

    void deleteError(byte[] key) {
        try {
            db.delete(errors, writes, key);
        } catch (RocksDBException e) {
            throw new StoreException("cannot delete an error", e);
        }
    }

    /** Every product value in report order; answers how many there were. */
    public long forEachProduct(BiConsumer<byte[], byte[]> action) {
        return forEach(products, action);
    }

    /**
     * Every product value in report order, each in a buffer from its position 0 to its limit,
     * valid only during the call: {@code scratch} (a heap buffer) when the value fits in it, a copy
     * otherwise. Reusing one buffer spares an array per product, a million times for a large run.
     * Answers how many there were.
     */
    public long forEachProductValue(ByteBuffer scratch, Consumer<ByteBuffer> action) {
        long count = 0;
        try (RocksIterator iterator = db.newIterator(products)) {
            for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                scratch.clear();
                int size = iterator.value(scratch);
                action.accept(size <= scratch.capacity() ? scratch : ByteBuffer.wrap(iterator.value()));
                count++;
            }
        }
        return count;
    }

    /**
     * Every product's key ({@link SortKey}) and value in report order, as {@link #forEachProductValue}
     * gives values: each in its scratch buffer from position 0 to its limit when it fits, a copy
     * otherwise, valid only during the call. For a pass beside another store kept in the same order.
     */
    public long forEachProductEntry(ByteBuffer keys, ByteBuffer values, BiConsumer<ByteBuffer, ByteBuffer> action) {
        long count = 0;
        // A scan of every product, once per run: its blocks are not put in the block cache, where each
        // would push out another only for the next block to push it out in turn (checksums stay verified).
        try (ReadOptions once = new ReadOptions().setFillCache(false);
                RocksIterator iterator = db.newIterator(products, once)) {
            for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                keys.clear();
                int keySize = iterator.key(keys);
                values.clear();
                int valueSize = iterator.value(values);
                action.accept(
                        keySize <= keys.capacity() ? keys : ByteBuffer.wrap(iterator.key()),
                        valueSize <= values.capacity() ? values : ByteBuffer.wrap(iterator.value()));
                count++;
            }
        }
        return count;
    }

    /** Every error value in the order it was read; answers how many there were. */
    public long forEachError(BiConsumer<byte[], byte[]> action) {
        return forEach(errors, action);
    }

    private long forEach(ColumnFamilyHandle family, BiConsumer<byte[], byte[]> action) {
        long count = 0;
        try (RocksIterator iterator = db.newIterator(family)) {
            for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                action.accept(iterator.key(), iterator.value());
                count++;
            }
        }
        return count;
    }

    /**
     * For tests: how many of the products' files are in each level (0 first), once every flush and
     * running compaction has finished.
     */
    long[] productFilesByLevel() {
        try {
            db.flush(new FlushOptions().setWaitForFlush(true), products);
            while (db.getLongProperty("rocksdb.num-running-compactions") != 0
                    || db.getLongProperty("rocksdb.num-running-flushes") != 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
            }
            long[] files = new long[7];
            for (int level = 0; level < files.length; level++) {
                files[level] = Long.parseLong(db.getProperty(products, "rocksdb.num-files-at-level" + level));
            }
            return files;
        } catch (RocksDBException e) {
            throw new StoreException("cannot read the store's files", e);
        }
    }

    /** Closes the store and deletes its files. */
    @Override
    public void close() {
        handles.forEach(ColumnFamilyHandle::close);
        db.close();
        readOffsets.values().forEach(read -> {
            synchronized (read) {
                read.close();
            }
        });
        writes.close();
        offsetOptions.close();
        familyOptions.close();
        options.close();
        try {
            FileSystemUtils.deleteRecursively(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The store's disk failed us: transient (retried with backoff), never a reason to dead-letter. */
    public static final class StoreException extends RuntimeException {
        StoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
