package dev.pipeline.processor.cursor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.SourceState;
import dev.pipeline.common.SourceStats;
import dev.pipeline.common.Topics;
import dev.pipeline.processor.ClosedBeforeItsDirectory;
import dev.pipeline.processor.report.RunReported;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The processor on a real broker, fed runs as the fetcher publishes them: an incremental source's
 * cursor is written to {@code pipeline.source-state} after the run's report is on disk, to the
 * highest high-water mark of its tasks; a later run with a failed page, or one whose report misses
 * records its tasks published, leaves it where it was.
 */
@SpringBootTest
@EmbeddedKafka(
        partitions = 1,
        topics = {Topics.PRODUCTS, Topics.RUNS, Topics.SOURCE_STATE})
@ClosedBeforeItsDirectory
class CursorAdvanceIntegrationTests {

    @TempDir
    static Path root;

    /** Whether each run's report was on disk when its {@code RunReported} was published. */
    static final Map<String, Boolean> REPORT_ON_DISK = new ConcurrentHashMap<>();

    @TestConfiguration
    static class Watcher {
        @Bean
        Object reportWatcher() {
            return new Object() {
                @EventListener
                void on(RunReported reported) {
                    REPORT_ON_DISK.put(
                            reported.runId(),
                            Files.exists(Path.of(URI.create(reported.report().location()))));
                }
            };
        }
    }

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    SourceStateLog states;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("pipeline.processor.output-dir", () -> root.resolve("out").toString());
        registry.add("pipeline.processor.work-dir", () -> root.resolve("work").toString());
    }

    @Test
    void theCursorAdvancesAfterTheReportAndNotForARunWithAFailedPageOrMissingRecords() throws Exception {
        Map<String, Object> props = KafkaTestUtils.producerProps(broker);
        KafkaTemplate<String, Object> kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                props, new StringSerializer(), new JacksonJsonSerializer<>().noTypeInfo()));
        try {
            run(kafka, "run-inc-1", 0, "2026-01-01T05:00:00Z");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> states.read("shop").map(SourceState::cursor), c -> c.isPresent());
            assertThat(states.read("shop"))
                    .get()
                    .extracting(SourceState::cursor, SourceState::runId, SourceState::generation)
                    .containsExactly("2026-01-01T05:00:00Z", "run-inc-1", 0L);
            assertThat(REPORT_ON_DISK).containsEntry("run-inc-1", true);

            run(kafka, "run-inc-2", 1, "2026-01-01T09:00:00Z"); // a page failed: the cursor stays
            await().atMost(Duration.ofSeconds(60)).until(() -> REPORT_ON_DISK.containsKey("run-inc-2"));
            Thread.sleep(1000); // the advancer's thread: had it written, it would have by now
            assertThat(states.read("shop").map(SourceState::cursor)).isEqualTo(Optional.of("2026-01-01T05:00:00Z"));

            // Clean, but its task says it published a record the processor never read (compaction or
            // retention removed it): the report says so, and the cursor must not move past that record.
            run(kafka, "run-inc-3", 0, 2, "2026-01-01T12:00:00Z");
            Path report = root.resolve("out").resolve("run-inc-3.json");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(report));
            assertThat(Files.readString(report)).contains("\"records_lost\"");
            Thread.sleep(1000); // as above: had it been announced as reported, the advancer would have written
            assertThat(REPORT_ON_DISK).doesNotContainKey("run-inc-3");
            assertThat(states.read("shop").map(SourceState::cursor)).isEqualTo(Optional.of("2026-01-01T05:00:00Z"));
        } finally {
            kafka.destroy();
        }
    }

    /** A run of one incremental source, one task; {@code failedPages} page errors on its TaskDone. */
    private static void run(KafkaTemplate<String, Object> kafka, String runId, int failedPages, String highWater)
            throws Exception {
        run(kafka, runId, failedPages, 1, highWater);
    }

    /** As above, its TaskDone claiming {@code published} records where one was published. */
    private static void run(
            KafkaTemplate<String, Object> kafka, String runId, int failedPages, long published, String highWater)
            throws Exception {
        Map<String, String> cursors = new HashMap<>();
        cursors.put("shop", null);
        kafka.send(
                        Topics.RUNS,
                        runId,
                        new RunEvent.Started(
                                runId,
                                List.of("shop"),
                                Instant.now(),
                                Map.of(),
                                List.of("shop:p0"),
                                Map.of(),
                                cursors,
                                Map.of("shop", 0L)))
                .get();
        ProductRecord product = new ProductRecord(
                ProductRecord.CURRENT_VERSION,
                runId,
                "shop",
                "1",
                "Item 1",
                2.5,
                "things",
                "http://upstream/shop",
                Instant.now(),
                Map.of());
        long offset = kafka.send(Topics.PRODUCTS, product.key(), product)
                .get()
                .getRecordMetadata()
                .offset();
        if (failedPages > 0) {
            kafka.send(
                            Topics.RUNS,
                            runId,
                            new RunEvent.FetchFailed(
                                    runId,
                                    "shop",
                                    "http://upstream/shop?page=2",
                                    "HTTP 500",
                                    "http_error",
                                    3,
                                    Instant.now(),
                                    "try-" + runId))
                    .get();
        }
        kafka.send(
                        Topics.RUNS,
                        runId,
                        new RunEvent.TaskDone(
                                runId,
                                "shop:p0",
                                "shop",
                                "f",
                                "try-" + runId,
                                List.of(),
                                new SourceStats(1 + failedPages, 1, failedPages, 0, 1, 0),
                                1,
                                failedPages,
                                Map.of(0, offset),
                                published,
                                null,
                                "http://upstream/shop",
                                Instant.now(),
                                highWater,
                                0L))
                .get();
    }
}
