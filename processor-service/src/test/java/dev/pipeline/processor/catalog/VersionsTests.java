package dev.pipeline.processor.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.Topics;
import dev.pipeline.processor.run.SortKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

/**
 * An item's versions in the catalogue, and the baseline a run's changes take from them: the state
 * before the run, whether or not the catalogue has already read the run's own records.
 */
class VersionsTests {

    @TempDir
    Path directory;

    private static final Map<Integer, Long> START = Map.of(0, 100L, 1, 50L);

    private static Version at(long offset, String runId, double price) {
        return new Version(0, offset, runId, price, "c");
    }

    @Test
    void beforeTheCatalogueReadTheRunsOwnRecordTheBaselineIsTheLatestRecord() {
        Versions read = new Versions(at(10, "run-a", 1), null).then(at(20, "run-b", 2));

        assertThat(read.baseline(START)).isEqualTo(at(20, "run-b", 2));
    }

    @Test
    void afterItTheBaselineIsTheRecordBeforeTheRunsOwnEvenWhenTheRunPublishedTheItemTwice() {
        Versions read = new Versions(at(10, "run-a", 1), null)
                .then(at(20, "run-b", 2))
                .then(at(120, "run-r", 3))
                .then(at(130, "run-r", 4)); // a task of run r tried again

        assertThat(read.current()).isEqualTo(at(130, "run-r", 4));
        assertThat(read.baseline(START)).isEqualTo(at(20, "run-b", 2));
    }

    @Test
    void anItemFirstSeenAtOrAfterTheStartHasNoBaselineAndOneOverwrittenTwiceSinceIsUnknown() {
        assertThat(new Versions(at(100, "run-r", 1), null).baseline(START)).isNull();
        Versions twiceSince =
                new Versions(at(10, "run-a", 1), null).then(at(110, "run-r", 2)).then(at(150, "run-s", 3));
        assertThat(twiceSince.baseline(START)).isSameAs(Versions.UNKNOWN);
    }

    @Test
    void aPartitionTheStartDoesNotNameCameAfterIt() {
        assertThat(new Version(2, 0, "run-a", 1.0, "c").before(START)).isFalse();
        assertThat(new Version(1, 49, "run-a", 1.0, "c").before(START)).isTrue();
        assertThat(new Version(1, 50, "run-a", 1.0, "c").before(START)).isFalse();
    }

    @Test
    void versionsReadBackAsWritten() {
        Versions both = new Versions(new Version(2, 7, "run-é", null, "ünknown"), at(3, "run-a", 9.5));
        Versions one = new Versions(at(3, "run-a", 9.5), null);

        assertThat(Versions.decode(ByteBuffer.wrap(both.encode()))).isEqualTo(both);
        assertThat(Versions.decode(ByteBuffer.wrap(one.encode()))).isEqualTo(one);
    }

    @Test
    void theStoreKeepsEachItemsVersionsUnderItsSortKeyAcrossBatchesAndWithinOne() {
        try (CatalogStore store = CatalogStore.open(directory.resolve("catalog"))) {
            store.write(List.of(record(0, 5, "run-a", "1", 10.0)), Map.of(0, 6L));
            store.write(
                    List.of(
                            record(0, 6, "run-b", "1", 11.0),
                            record(0, 7, "run-c", "1", 12.0),
                            record(0, 8, "run-c", "2", 1.0)),
                    Map.of(0, 9L));

            List<String> seen = new ArrayList<>();
            try (VersionCursor cursor = store.versions()) {
                for (cursor.seek(SortKey.prefix("shop")); cursor.validWithin(SortKey.prefix("shop")); cursor.next()) {
                    Version before = cursor.baseline(Map.of(0, 7L));
                    seen.add(SortKey.externalId(cursor.key(), cursor.keyLength()) + "="
                            + (before == null ? "new" : before.runId() + "@" + before.price()));
                }
            }
            assertThat(seen).containsExactly("1=run-b@11.0", "2=new");
        }
    }

    @Test
    void aTombstoneRemovesTheVersionsAndAnUnreadableRecordLeavesThemAsTheyWere() {
        try (CatalogStore store = CatalogStore.open(directory.resolve("catalog"))) {
            store.write(List.of(record(0, 0, "run-a", "1", 1.0), record(0, 1, "run-a", "2", 2.0)), Map.of(0, 2L));
            store.write(
                    List.of(
                            new ConsumerRecord<>(Topics.PRODUCTS, 0, 2, bytes("shop:1"), null),
                            new ConsumerRecord<>(Topics.PRODUCTS, 0, 3, bytes("shop:2"), bytes("{not json"))),
                    Map.of(0, 4L));

            try (VersionCursor cursor = store.versions()) {
                cursor.seek(SortKey.prefix("shop"));
                assertThat(SortKey.externalId(cursor.key(), cursor.keyLength())).isEqualTo("2");
                assertThat(cursor.baseline(Map.of(0, 10L)).price()).isEqualTo(2.0);
                cursor.next();
                assertThat(cursor.valid()).isFalse();
            }
        }
    }

    @Test
    void aStoreOfTheFormatWithoutVersionsIsReadAgainFromTheTopic() throws Exception {
        Path old = directory.resolve("old");
        try (DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)) {
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            try (RocksDB db = RocksDB.open(
                    options,
                    old.toString(),
                    List.of(
                            new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY),
                            new ColumnFamilyDescriptor("offsets".getBytes(StandardCharsets.UTF_8))),
                    handles)) {
                db.put(
                        handles.get(1),
                        ByteBuffer.allocate(4).putInt(0).array(),
                        ByteBuffer.allocate(8).putLong(42).array());
                handles.forEach(ColumnFamilyHandle::close);
            }
        }

        try (CatalogStore store = CatalogStore.open(old)) {
            assertThat(store.offsets()).as("read again from the beginning").isEmpty();
        }
        try (CatalogStore reopened = CatalogStore.open(old)) {
            reopened.write(List.of(), Map.of(0, 7L));
        }
        try (CatalogStore kept = CatalogStore.open(old)) {
            assertThat(kept.offsets()).as("a store of this format is kept").containsEntry(0, 7L);
        }
    }

    private static ConsumerRecord<byte[], byte[]> record(
            int partition, long offset, String runId, String id, double price) {
        ProductRecord product = new ProductRecord(
                ProductRecord.CURRENT_VERSION,
                runId,
                "shop",
                id,
                "Item " + id,
                price,
                "c",
                "http://upstream",
                Instant.parse("2026-11-01T10:00:00Z"),
                Map.of());
        return new ConsumerRecord<>(
                Topics.PRODUCTS,
                partition,
                offset,
                bytes(product.key()),
                PipelineJson.mapper().writeValueAsBytes(product));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
