package dev.pipeline.processor.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.Topics;
import dev.pipeline.processor.ProcessorProperties;
import dev.pipeline.processor.TestProcessorProperties;
import dev.pipeline.processor.catalog.HarnessCatalogs;
import dev.pipeline.processor.run.HarnessLedgers;
import dev.pipeline.processor.run.OpenRun;
import dev.pipeline.processor.run.RunLedger;
import dev.pipeline.processor.run.SortKey;
import dev.pipeline.processor.stats.HarnessHistories;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Changes#alongside}: the changes made in someone else's pass over the run's store (the
 * report's figures' pass) are {@link Changes#of}'s, byte for byte; what the comparison throws never
 * reaches the pass, what the pass throws is thrown as it was.
 */
class ChangesAlongsideTests {

    private static final int ITEMS = 300;

    /** Repriced, and with a title larger than a block: compared, and kept among the largest moves. */
    private static final int LARGE = 293;

    /** Larger than a block of the report's second thread (report.Handoff, 256 KiB). */
    private static final int TITLE_BYTES = 256 * 1024 + 1;

    @TempDir
    Path root;

    private HarnessCatalogs.Filled catalog;
    private Changes changes;
    private OpenRun run;

    @BeforeEach
    void runAfterAnEarlierRun() throws IOException {
        ProcessorProperties properties = TestProcessorProperties.under(root);
        RunLedger ledger = HarnessLedgers.ledger(properties, new SimpleMeterRegistry());
        catalog = HarnessCatalogs.open(root.resolve("catalog"), properties, ledger);
        List<ConsumerRecord<byte[], byte[]>> earlier = new ArrayList<>();
        for (int id = 0; id < ITEMS; id++) { // the earlier run: every third item gone since, every fifth repriced
            if (id % 3 != 0) {
                ProductRecord product = product("run-0", id, id % 5 == 0 ? id + 7 : id == LARGE ? id + 50 : id);
                earlier.add(new ConsumerRecord<>(
                        Topics.PRODUCTS,
                        0,
                        earlier.size(),
                        product.key().getBytes(StandardCharsets.UTF_8),
                        PipelineJson.mapper().writeValueAsBytes(product)));
            }
        }
        catalog.write(earlier, Map.of());
        ledger.event(
                new RunEvent.Started(
                        "run-1", List.of("s"), Instant.now(), Map.of(0, (long) earlier.size()), List.of("s:p0")),
                new TopicPartition(Topics.RUNS, 0),
                0);
        for (int id = 0; id < ITEMS; id++) {
            if (id % 7 != 0) { // every seventh not published by this run
                ledger.product(product("run-1", id, id), new TopicPartition(Topics.PRODUCTS, 0), 1000 + id);
            }
        }
        run = ledger.find("run-1").orElseThrow();
        changes = HarnessChanges.of(catalog, HarnessHistories.of(properties));
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    @Test
    void madeInAnotherPassTheyAreTheSectionOfAPassOfTheirOwn() throws IOException {
        Changes.Along<Long> along = changes.alongside(run, this::everyProduct);

        assertThat(along.result()).isEqualTo(ITEMS - (ITEMS + 6) / 7);
        assertThat(text(along.section()))
                .isEqualTo(text(changes.of(run)))
                .contains("\"available\":true")
                .contains("\"price_changed\":" + priceChanged())
                .contains("\"id\":\"" + LARGE + "\"")
                .contains("x".repeat(TITLE_BYTES));
        assertThat(along.section().toString()).doesNotContain("could not be read");
    }

    @Test
    void aComparisonThatFailsLeavesThePassWholeAndTheSectionSaysWhy() throws IOException {
        Changes.Along<Long> along = changes.alongside(run, items -> {
            // An item the catalogue has, with a value too short to be a stored product: the comparison throws.
            items.item(ByteBuffer.wrap(SortKey.of("s", "1")), ByteBuffer.allocate(0));
            return everyProduct(items);
        });

        assertThat(along.result()).isEqualTo(ITEMS - (ITEMS + 6) / 7);
        assertThat(text(along.section())).contains("\"available\":false").contains("the catalogue could not be read");
    }

    @Test
    void whatThePassThrowsIsThrownAsItWas() {
        IOException disk = new IOException("no space left on device");

        assertThatThrownBy(() -> changes.alongside(run, items -> {
                    throw disk;
                }))
                .isSameAs(disk);
        IllegalStateException bug = new IllegalStateException("a bug the run's data triggers");
        assertThatThrownBy(() -> changes.alongside(run, items -> {
                    throw bug;
                }))
                .isSameAs(bug);
    }

    @Test
    void aPassThatStopsShortGetsTheSectionOfAPassOfItsOwn() throws IOException {
        Changes.Along<String> along = changes.alongside(run, items -> {
            long[] handed = {0};
            run.withStore(store -> store.forEachProductEntry(
                    ByteBuffer.allocate(512), ByteBuffer.allocate(16 * 1024), (key, value) -> {
                        if (handed[0]++ < ITEMS / 2) {
                            items.item(key, value);
                        }
                    }));
            return "figures left out"; // as a report whose figures failed again: half handed, never complete()
        });

        assertThat(along.result()).isEqualTo("figures left out");
        assertThat(text(along.section())).isEqualTo(text(changes.of(run)));
    }

    /** Published by the run, in the earlier one, repriced since: every fifth id, but not every third or seventh. */
    private static long priceChanged() {
        long count = 0;
        for (int id = 0; id < ITEMS; id++) {
            if ((id % 5 == 0 || id == LARGE) && id % 3 != 0 && id % 7 != 0) {
                count++;
            }
        }
        return count;
    }

    private long everyProduct(Changes.Items items) {
        long count = run.withStore(store ->
                store.forEachProductEntry(ByteBuffer.allocate(512), ByteBuffer.allocate(16 * 1024), items::item));
        items.complete();
        return count;
    }

    private static ProductRecord product(String runId, int id, double price) {
        return new ProductRecord(
                1,
                runId,
                "s",
                Integer.toString(id),
                id == LARGE ? "Item " + id + " " + "x".repeat(TITLE_BYTES) : "Item " + id,
                price,
                "category-" + id % 4,
                "http://127.0.0.1:1/s?page=" + id / 10,
                Instant.parse("2026-11-23T12:00:01Z"),
                Map.of());
    }

    private static String text(ChangesSection section) {
        StringWriter text = new StringWriter();
        try (var out = PipelineJson.mapper().createGenerator(text)) {
            out.writeStartObject();
            section.write(out);
            out.writeEndObject();
        }
        return text.toString();
    }
}
