package dev.pipeline.processor.catalog;

import dev.pipeline.processor.run.SortKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * The catalogue on disk, off the heap: each products key's latest value, as the record's bytes
 * (parsed only when read out); per item its {@link Versions} (the latest state and the one before
 * it of another run, for a report's {@code changes}), under the key a run's store uses
 * ({@link SortKey}: the same order, so both are read side by side); and per products partition
 * the next offset to read. All are written in one {@link WriteBatch}, with RocksDB's write-ahead
 * log, so after a crash the offsets never say more (or less) than the items hold: the reader
 * resumes exactly where the data ends. Unlike a run's store this one outlives restarts; one that
 * cannot be opened, or is of the format before {@code versions}, is deleted and rebuilt from the topic.
 */
final class CatalogStore implements AutoCloseable {

    static {
        RocksDB.loadLibrary();
    }

    private static final Logger log = LoggerFactory.getLogger(CatalogStore.class);

    private final Path directory;
    private final DBOptions options;
    private final ColumnFamilyOptions itemsOptions;
    private final ColumnFamilyOptions versionsOptions;
    private final ColumnFamilyOptions offsetsOptions;
    private final WriteOptions writes;
    private final RocksDB db;
    private final ColumnFamilyHandle items;
    private final ColumnFamilyHandle offsets;
    private final ColumnFamilyHandle versions;
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();

    private CatalogStore(Path directory) throws RocksDBException {
        this.directory = directory;
        this.options = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setMaxBackgroundJobs(1);
        // Write buffers sized to what a large run writes: every key of a run comes again in the next one,
        // in no key order, so each flushed file overlaps the whole level below it, and a compaction rewrites
        // that level. Fewer, larger files mean fewer such rewrites: at 4 MB the store cost the process 33 CPU-µs
        // per record of a first 1M run and 49 of a second (RocksDB's compactions two thirds of it), at 64 MB
        // 16 and 23 (CatalogWriteHarness, BENCHMARKS.md #16's ninth round). At most two buffers of each family
        // are in memory: 162 MB in all at worst, off the heap.
        this.itemsOptions = familyOptions(64);
        this.versionsOptions = familyOptions(16); // a tenth of the items' bytes
        this.offsetsOptions = familyOptions(1); // one key per partition
        // The log is on (unlike a run's store): what is here is not replayed at a restart.
        this.writes = new WriteOptions();
        try {
            this.db = RocksDB.open(
                    options,
                    directory.toString(),
                    List.of(
                            new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, itemsOptions),
                            new ColumnFamilyDescriptor("offsets".getBytes(StandardCharsets.UTF_8), offsetsOptions),
                            new ColumnFamilyDescriptor(VERSIONS, versionsOptions)),
                    handles);
        } catch (RocksDBException e) {
            writes.close();
            closeFamilyOptions();
            options.close();
            throw e;
        }
        this.items = handles.get(0);
        this.offsets = handles.get(1);
        this.versions = handles.get(2);
    }

    private static final byte[] VERSIONS = "versions".getBytes(StandardCharsets.UTF_8);

    private static ColumnFamilyOptions familyOptions(long writeBufferMegabytes) {
        return new ColumnFamilyOptions()
                .setWriteBufferSize(writeBufferMegabytes * 1024 * 1024)
                .setMaxWriteBufferNumber(2)
                .setCompressionType(CompressionType.LZ4_COMPRESSION);
    }

    private void closeFamilyOptions() {
        itemsOptions.close();
        versionsOptions.close();
        offsetsOptions.close();
    }

    /** The store at {@code directory}; one that cannot be opened (corrupt, another version's) is started afresh. */
    static CatalogStore open(Path directory) {
        try {
            if (isPreviousFormat(directory)) {
                log.info(
                        "The catalogue's store at {} is of the format without versions: rebuilding it from the topic",
                        directory);
                FileSystemUtils.deleteRecursively(directory);
            }
            return new CatalogStore(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RocksDBException unusable) {
            log.warn(
                    "The catalogue's store at {} cannot be opened ({}): rebuilding it from the topic",
                    directory,
                    unusable.getMessage());
        }
        try {
            FileSystemUtils.deleteRecursively(directory);
            return new CatalogStore(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot create the catalogue's store at " + directory, e);
        }
    }

    /**
     * A store written before {@link Versions} were kept: its offsets say it has read what its
     * versions never got, so it is read again from the topic rather than opened as it is.
     */
    private static boolean isPreviousFormat(Path directory) {
        if (!Files.exists(directory.resolve("CURRENT"))) {
            return false;
        }
        try (Options listing = new Options()) {
            return RocksDB.listColumnFamilies(listing, directory.toString()).stream()
                    .noneMatch(family -> Arrays.equals(family, VERSIONS));
        } catch (RocksDBException unreadable) {
            return false; // opening it says so, and starts it afresh
        }
    }

    /** Per partition, the next offset to read: everything before it is in the store. */
    Map<Integer, Long> offsets() {
        return offsets(null);
    }

    private Map<Integer, Long> offsets(ReadOptions read) {
        Map<Integer, Long> next = new HashMap<>();
        try (RocksIterator iterator = read == null ? db.newIterator(offsets) : db.newIterator(offsets, read)) {
            for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                next.put(
                        ByteBuffer.wrap(iterator.key()).getInt(),
                        ByteBuffer.wrap(iterator.value()).getLong());
            }
        }
        return next;
    }

    /**
     * The records, in the order read (the last of a key wins; a tombstone removes it), and where
     * reading got to, in one atomic write. Values are stored as they came, unparsed; each item's
     * {@link Versions} move on by the fields the changes compare ({@link RecordFields}).
     */
    void write(Iterable<ConsumerRecord<byte[], byte[]>> records, Map<Integer, Long> next) {
        List<ConsumerRecord<byte[], byte[]>> keyed = new ArrayList<>();
        List<RecordFields> fields = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.key() == null) {
                continue; // never a product: a compacted topic refuses records without a key
            }
            keyed.add(record);
            fields.add(record.value() == null ? null : RecordFields.read(record.key(), record.value()));
        }
        // This batch's versions: those stored before it, read in one call, then each moved on in turn (a key
        // written twice in one batch moves on twice). One read per batch rather than per record: a lookup of
        // its own per record was two fifths of the reader's thread (JFR of CatalogWriteHarness).
        Map<ByteBuffer, Optional<Versions>> written = stored(fields);
        try (WriteBatch batch = new WriteBatch()) {
            for (int i = 0; i < keyed.size(); i++) {
                ConsumerRecord<byte[], byte[]> record = keyed.get(i);
                if (record.value() == null) {
                    batch.delete(items, record.key());
                    byte[] versionsKey = RecordFields.sortKey(record.key());
                    if (versionsKey != null) {
                        batch.delete(versions, versionsKey);
                        written.put(ByteBuffer.wrap(versionsKey), Optional.empty());
                    }
                } else {
                    batch.put(items, record.key(), record.value());
                    RecordFields product = fields.get(i);
                    if (product != null) {
                        byte[] versionsKey = SortKey.of(product.source(), product.externalId());
                        Version version = new Version(
                                record.partition(),
                                record.offset(),
                                product.runId(),
                                product.price(),
                                product.category());
                        ByteBuffer at = ByteBuffer.wrap(versionsKey);
                        Optional<Versions> before = written.getOrDefault(at, Optional.empty());
                        Versions now =
                                before.map(known -> known.then(version)).orElseGet(() -> new Versions(version, null));
                        batch.put(versions, versionsKey, now.encode());
                        written.put(at, Optional.of(now));
                    }
                }
            }
            for (Map.Entry<Integer, Long> offset : next.entrySet()) {
                batch.put(
                        offsets,
                        ByteBuffer.allocate(4).putInt(offset.getKey()).array(),
                        ByteBuffer.allocate(8).putLong(offset.getValue()).array());
            }
            db.write(writes, batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot write to the catalogue's store", e);
        }
    }

    /** The stored versions of the products among {@code fields} ({@code null}s skipped), by key; a key with none is absent. */
    private Map<ByteBuffer, Optional<Versions>> stored(List<RecordFields> fields) {
        List<byte[]> keys = new ArrayList<>();
        Map<ByteBuffer, Optional<Versions>> stored = new HashMap<>();
        for (RecordFields read : fields) {
            if (read != null) {
                byte[] key = SortKey.of(read.source(), read.externalId());
                if (stored.putIfAbsent(ByteBuffer.wrap(key), Optional.empty()) == null) {
                    keys.add(key);
                }
            }
        }
        if (keys.isEmpty()) {
            return stored;
        }
        try {
            List<byte[]> values = db.multiGetAsList(Collections.nCopies(keys.size(), versions), keys);
            for (int i = 0; i < keys.size(); i++) {
                if (values.get(i) != null) {
                    stored.put(
                            ByteBuffer.wrap(keys.get(i)), Optional.of(Versions.decode(ByteBuffer.wrap(values.get(i)))));
                }
            }
            return stored;
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot read the catalogue's store", e);
        }
    }

    /** Everything gone, offsets included: the topic is not the one that was read (it was recreated). */
    void clear() {
        for (ColumnFamilyHandle family : List.of(items, offsets, versions)) {
            try (RocksIterator iterator = db.newIterator(family);
                    WriteBatch batch = new WriteBatch()) {
                for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                    batch.delete(family, iterator.key());
                }
                db.write(writes, batch);
            } catch (RocksDBException e) {
                throw new IllegalStateException("cannot clear the catalogue's store", e);
            }
        }
    }

    /** A stored key and its value as read from Kafka. */
    record Entry(byte[] key, byte[] value) {}

    /** At most {@code limit} entries, in key order, and the offsets they are as of. */
    record Slice(List<Entry> entries, boolean more, Map<Integer, Long> asOf) {}

    /**
     * Up to {@code limit} entries whose keys start with {@code prefix} (all when empty), after the
     * key {@code after} (from the first when {@code null}); read from one snapshot, so the offsets
     * answered are exactly those the entries are as of.
     */
    Slice slice(byte[] prefix, byte[] after, int limit) {
        Snapshot snapshot = db.getSnapshot();
        try (ReadOptions read = new ReadOptions().setSnapshot(snapshot);
                RocksIterator iterator = db.newIterator(items, read)) {
            byte[] from = after != null && Arrays.compareUnsigned(after, prefix) > 0 ? after : prefix;
            iterator.seek(from);
            if (after != null && iterator.isValid() && Arrays.equals(iterator.key(), after)) {
                iterator.next();
            }
            List<Entry> entries = new ArrayList<>();
            while (iterator.isValid() && startsWith(iterator.key(), prefix) && entries.size() < limit) {
                entries.add(new Entry(iterator.key(), iterator.value()));
                iterator.next();
            }
            boolean more = iterator.isValid() && startsWith(iterator.key(), prefix);
            return new Slice(entries, more, offsets(read));
        } finally {
            db.releaseSnapshot(snapshot);
        }
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /**
     * The items' versions in {@link SortKey} order, read from one snapshot; the cursor must be
     * closed. For a report's changes, beside the run's store.
     */
    VersionCursor versions() {
        Snapshot snapshot = db.getSnapshot();
        ReadOptions read = new ReadOptions().setSnapshot(snapshot);
        RocksIterator iterator = db.newIterator(versions, read);
        return new VersionCursor(iterator, () -> {
            iterator.close();
            read.close();
            db.releaseSnapshot(snapshot);
        });
    }

    Path directory() {
        return directory;
    }

    /** Closes the store and keeps its files: the next start resumes from them. */
    @Override
    public void close() {
        handles.forEach(ColumnFamilyHandle::close);
        db.close();
        writes.close();
        closeFamilyOptions();
        options.close();
    }
}
