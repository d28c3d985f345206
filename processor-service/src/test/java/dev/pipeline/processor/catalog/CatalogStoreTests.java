package dev.pipeline.processor.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.Topics;
import dev.pipeline.processor.run.SortKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch of records moves each item's versions on from what the store held before it, in the order
 * the records were read: a key written twice in one batch moves on twice, a tombstone forgets what
 * was held, and a key seen for the first time starts afresh (the store reads a batch's stored versions
 * in one call, then applies the batch in order).
 */
class CatalogStoreTests {

    private static final String RUN_1 = "run-20261123T120000Z-1a2b3c";
    private static final String RUN_2 = "run-20261123T130000Z-4d5e6f";
    private static final String RUN_3 = "run-20261123T140000Z-7a8b9c";

    @TempDir
    Path directory;

    private long offset;

    @Test
    void aBatchMovesEachItemOnFromWhatWasStoredInTheOrderRead() {
        try (CatalogStore store = CatalogStore.open(directory.resolve("catalog"))) {
            store.write(List.of(product("a", RUN_1), product("b", RUN_1), product("d", RUN_1)), Map.of());
            long secondBatch = offset;
            List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
            batch.add(product("a", RUN_2)); // stored before: RUN_1 moves back
            batch.add(tombstone("b"));
            batch.add(product("b", RUN_2)); // after its tombstone: nothing before it
            batch.add(product("c", RUN_2)); // new
            batch.add(product("d", RUN_2)); // twice in the batch: RUN_2, then RUN_3 with RUN_2 before it
            batch.add(product("d", RUN_3));
            store.write(batch, Map.of(0, offset));

            // Before "now" every record came; before the second batch's start, only the first batch's.
            Map<Integer, Long> now = Map.of(0, offset);
            Map<Integer, Long> secondStart = Map.of(0, secondBatch);
            assertThat(latest(store, "a", now)).isEqualTo(RUN_2);
            assertThat(latest(store, "a", secondStart)).isEqualTo(RUN_1);
            assertThat(latest(store, "b", now)).isEqualTo(RUN_2);
            assertThat(latest(store, "b", Map.of(0, secondBatch + 2))).isNull(); // from its own record on
            assertThat(latest(store, "c", now)).isEqualTo(RUN_2);
            assertThat(latest(store, "c", secondStart)).isNull();
            assertThat(latest(store, "d", now)).isEqualTo(RUN_3);
            assertThat(latest(store, "d", Map.of(0, offset - 1))).isEqualTo(RUN_2);
            assertThat(store.offsets()).containsEntry(0, offset);
        }
    }

    /** The run of the item's latest record before {@code start}, as a report's changes read it; null for none. */
    private static String latest(CatalogStore store, String id, Map<Integer, Long> start) {
        byte[] key = SortKey.of("dummyjson", id);
        try (VersionCursor cursor = store.versions()) {
            cursor.seek(key);
            assertThat(cursor.valid()).as(id).isTrue();
            Version baseline = cursor.baseline(start);
            assertThat(VersionCursor.unknown(baseline)).as(id).isFalse();
            return baseline == null ? null : baseline.runId();
        }
    }

    private ConsumerRecord<byte[], byte[]> product(String id, String runId) {
        ProductRecord product = new ProductRecord(
                ProductRecord.CURRENT_VERSION,
                runId,
                "dummyjson",
                id,
                "Product " + id,
                9.99,
                "tools",
                "http://127.0.0.1:1/products",
                Instant.parse("2026-11-23T12:00:00Z"),
                Map.of());
        return new ConsumerRecord<>(
                Topics.PRODUCTS,
                0,
                offset++,
                key(product.key()),
                PipelineJson.mapper().writeValueAsBytes(product));
    }

    private ConsumerRecord<byte[], byte[]> tombstone(String id) {
        return new ConsumerRecord<>(Topics.PRODUCTS, 0, offset++, key("dummyjson:" + id), null);
    }

    private static byte[] key(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
