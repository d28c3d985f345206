package dev.pipeline.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.common.ErrorKind;
import dev.pipeline.common.ItemJson;
import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.SourceStats;
import dev.pipeline.common.Topics;
import dev.pipeline.common.report.testing.ReportSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A run fetched by tasks, written the way the fetchers write it — each task in its own Kafka
 * transaction — against a real in-process broker. The run ends when every task planned, at the
 * start or by another task, has its {@code TaskDone}; a transaction that was aborted (its fetcher
 * died, or the task failed and was retried) is no part of the report.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(
        partitions = 3,
        topics = {Topics.PRODUCTS, Topics.RUNS})
@ClosedBeforeItsDirectory
class TaskRunIntegrationTests {

    @TempDir
    static Path output;

    @Autowired
    EmbeddedKafkaBroker broker;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("pipeline.processor.output-dir", output::toString);
        registry.add("pipeline.processor.work-dir", () -> output.resolve("work").toString());
    }

    @Test
    void aRunEndsWhenEveryPlannedTaskIsDoneAndAbortedTransactionsAreNoPartOfIt() throws Exception {
        String runId = "run-by-tasks";
        Path report = output.resolve(runId + ".json");
        try (Fetcher fetcher = new Fetcher(broker, "fetcher-a")) {
            fetcher.inTransaction(tx -> tx.event(
                    new RunEvent.Started(runId, List.of("shop"), Instant.now(), Map.of(), List.of("shop:p0"))));
            // The first page plans two more tasks.
            fetcher.inTransaction(tx -> {
                tx.product(product(runId, "1", 10.0));
                tx.product(product(runId, "2", 20.0));
                tx.done(
                        runId,
                        "shop:p0",
                        "zeroth",
                        List.of("shop:p1-2", "shop:p3-4"),
                        new SourceStats(1, 1, 0, 0, 2, 0));
            });
            // A try of shop:p1-2 that died half-way: rolled back, as the broker does for a dead fetcher.
            fetcher.aborted(tx -> tx.product(product(runId, "99", 999.0)));
            fetcher.inTransaction(tx -> {
                tx.product(product(runId, "3", 30.0));
                tx.error("first-try", ErrorKind.INVALID_ITEM, "item 5: missing or blank title");
                tx.done(runId, "shop:p1-2", "first-try", List.of(), new SourceStats(2, 2, 0, 0, 2, 1));
            });

            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !Files.exists(report));

            // shop:p1-2 committed a second time (its first commit timed out at the fetcher but went
            // through): neither its stats nor its errors count again.
            fetcher.inTransaction(tx -> {
                tx.product(product(runId, "3", 30.0));
                tx.error("second-try", ErrorKind.INVALID_ITEM, "item 5: missing or blank title");
                tx.done(runId, "shop:p1-2", "second-try", List.of(), new SourceStats(2, 2, 0, 0, 2, 1));
            });
            fetcher.inTransaction(tx -> {
                tx.product(product(runId, "4", 40.0));
                tx.error("third", ErrorKind.HTTP_ERROR, "HTTP 500");
                tx.done(runId, "shop:p3-4", "third", List.of(), new SourceStats(5, 1, 4, 2, 1, 0));
            });
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(report));
        JsonNode json = ReportSchema.readReport(report);
        List<String> ids = new ArrayList<>();
        json.get("products").forEach(p -> ids.add(p.get("id").asString()));
        assertThat(ids).containsExactly("1", "2", "3", "4");
        List<String> errors = new ArrayList<>();
        json.get("errors").forEach(e -> errors.add(e.get("kind").asString()));
        assertThat(errors).containsExactly("invalid_item", "http_error");
        assertThat(json.get("summary").get("total_errors").asInt()).isEqualTo(2);
        // Five records read: the twice-committed task's second copy of product 3 is published, not lost.
        assertThat(json.get("summary").get("incomplete").asBoolean()).isFalse();
        assertThat(json.get("summary").get("missing_records").asLong()).isZero();
        assertThat(json.get("metrics").get("source_stats").get("shop").toString())
                .isEqualTo(
                        "{\"requests\":8,\"succeeded\":4,\"failed\":4,\"retried\":2,\"items\":5,\"invalid_items\":1}");
    }

    @Test
    void aDeadLetteredTaskIsAnErrorOfItsRunAndEndsIt() throws Exception {
        String runId = "run-with-a-dead-task";
        try (Fetcher fetcher = new Fetcher(broker, "fetcher-b")) {
            fetcher.inTransaction(tx -> tx.event(
                    new RunEvent.Started(runId, List.of("shop"), Instant.now(), Map.of(), List.of("shop:p0"))));
            fetcher.inTransaction(tx -> tx.event(new RunEvent.TaskDone(
                    runId,
                    "shop:p0",
                    "shop",
                    "fetcher-b",
                    null,
                    List.of(),
                    SourceStats.NONE,
                    0,
                    0,
                    Map.of(),
                    0,
                    "task dead-lettered: boom",
                    "http://upstream/shop",
                    Instant.now())));
        }

        Path report = output.resolve(runId + ".json");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(report));
        JsonNode json = ReportSchema.readReport(report);
        assertThat(json.get("summary").get("total_products").asInt()).isZero();
        assertThat(json.get("errors")).singleElement().satisfies(e -> {
            assertThat(e.get("kind").asString()).isEqualTo("task_failed");
            assertThat(e.get("error").asString()).isEqualTo("task dead-lettered: boom");
            assertThat(e.get("endpoint").asString()).isEqualTo("http://upstream/shop");
            assertThat(e.get("source").asString()).isEqualTo("shop");
        });
    }

    /**
     * An upload as the fetcher publishes it: a run of one task, {@code upload:p0}, whole in one
     * transaction — its start naming the task, its products, its errors (of the task's one try) and
     * the task's end. Its report is an upload's: its products, its errors, its stats.
     */
    @Test
    void anUploadIsARunOfOneTaskReportedOnceItsTaskIsDone() throws Exception {
        String runId = "run-of-an-upload";
        try (Fetcher fetcher = new Fetcher(broker, "fetcher-c")) {
            fetcher.inTransaction(tx -> {
                tx.event(new RunEvent.Started(runId, List.of("upload"), Instant.now(), Map.of(), List.of("upload:p0")));
                tx.product(upload(runId, "1", 12.5));
                tx.product(upload(runId, "b-4", null));
                tx.event(new RunEvent.FetchFailed(
                        runId,
                        "upload",
                        "upload:products.json",
                        "item 2: missing id",
                        ErrorKind.INVALID_ITEM.wireName(),
                        0,
                        Instant.now(),
                        "the-try"));
                tx.event(new RunEvent.FetchFailed(
                        runId,
                        "upload",
                        "upload:broken.json",
                        "not JSON",
                        ErrorKind.MALFORMED_PAGE.wireName(),
                        0,
                        Instant.now(),
                        "the-try"));
                tx.event(new RunEvent.TaskDone(
                        runId,
                        "upload:p0",
                        "upload",
                        "fetcher-c",
                        "the-try",
                        List.of(),
                        new SourceStats(0, 0, 0, 0, 3, 1),
                        1,
                        2,
                        tx.lastOffsets(),
                        tx.published()[0],
                        null,
                        "upload",
                        Instant.now()));
            });
        }

        Path report = output.resolve(runId + ".json");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(report));
        JsonNode json = ReportSchema.readReport(report);
        JsonNode summary = json.get("summary");
        assertThat(summary.get("total_products").asInt()).isEqualTo(2);
        assertThat(summary.get("total_errors").asInt()).isEqualTo(2);
        assertThat(summary.get("sources").toString()).isEqualTo("[\"upload\"]");
        assertThat(summary.get("incomplete").asBoolean()).isFalse();
        List<String> ids = new ArrayList<>();
        json.get("products")
                .forEach(p ->
                        ids.add(p.get("source").asString() + ":" + p.get("id").asString()));
        assertThat(ids).containsExactly("upload:1", "upload:b-4");
        List<String> errors = new ArrayList<>();
        json.get("errors")
                .forEach(e -> errors.add(
                        e.get("endpoint").asString() + " " + e.get("kind").asString()));
        assertThat(errors).containsExactly("upload:products.json invalid_item", "upload:broken.json malformed_page");
        assertThat(json.get("metrics").get("source_stats").get("upload").toString())
                .isEqualTo(
                        "{\"requests\":0,\"succeeded\":0,\"failed\":0,\"retried\":0,\"items\":3,\"invalid_items\":1}");
        assertThat(json.get("metrics").get("source_request_counts").toString()).isEqualTo("{\"upload\":0}");
    }

    /**
     * Records that carry the whole item and attributes (issue #18) beside records written before
     * items travelled: every one is read; the report's rows carry the attributes, never the item;
     * the figures are what the mapped fields make them.
     */
    @Test
    void wholeItemsAreReadAndTheReportCarriesTheAttributesOnly() throws Exception {
        String runId = "run-with-items";
        Path report = output.resolve(runId + ".json");
        ProductRecord plain = product(runId, "1", 10.0);
        ProductRecord whole = new ProductRecord(
                ProductRecord.CURRENT_VERSION,
                runId,
                "shop",
                "2",
                "Item 2",
                30.0,
                "lamps",
                "http://upstream/shop",
                Instant.now(),
                Map.of("stock", "3", "brand", "Acme"),
                ItemJson.of(PipelineJson.mapper()
                        .readTree("{\"id\":2,\"title\":\"Item 2\",\"price\":30.0,\"brand\":\"Acme\",\"stock\":3,"
                                + "\"dimensions\":{\"width\":10.5},\"huge\":\"" + "x".repeat(50_000) + "\"}")));
        try (Fetcher fetcher = new Fetcher(broker, "fetcher-items")) {
            fetcher.inTransaction(tx -> tx.event(
                    new RunEvent.Started(runId, List.of("shop"), Instant.now(), Map.of(), List.of("shop:p0"))));
            fetcher.inTransaction(tx -> {
                tx.product(plain);
                tx.product(whole);
                tx.done(runId, "shop:p0", "only", List.of(), new SourceStats(1, 1, 0, 0, 2, 0));
            });
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(report));
        JsonNode json = ReportSchema.readReport(report);
        JsonNode rows = json.get("products");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).propertyNames())
                .containsExactly("id", "title", "source", "price", "category", "processed_at", "fetched_at");
        assertThat(rows.get(1).propertyNames())
                .containsExactly(
                        "id", "title", "source", "price", "category", "processed_at", "fetched_at", "brand", "stock");
        assertThat(rows.get(1).get("brand").asString()).isEqualTo("Acme");
        assertThat(rows.get(1).get("stock").asString()).isEqualTo("3");
        assertThat(json.get("metrics").get("price_metrics").get("average_price").asDouble())
                .isEqualTo(20.0);
        JsonNode categories = json.get("metrics").get("category_distribution");
        assertThat(categories.size()).isEqualTo(2);
        assertThat(categories.get("lamps").asInt()).isEqualTo(1);
        assertThat(categories.get("toys").asInt()).isEqualTo(1);
        assertThat(json.get("errors")).isEmpty();
    }

    private static ProductRecord upload(String runId, String id, Double price) {
        return new ProductRecord(
                ProductRecord.CURRENT_VERSION,
                runId,
                "upload",
                id,
                "Item " + id,
                price,
                "unknown",
                "upload:products.json",
                Instant.now(),
                Map.of());
    }

    private static ProductRecord product(String runId, String id, Double price) {
        return new ProductRecord(
                ProductRecord.CURRENT_VERSION,
                runId,
                "shop",
                id,
                "Item " + id,
                price,
                "toys",
                "http://upstream/shop",
                Instant.now(),
                Map.of());
    }

    /** Writes as a fetcher does: each task in one transaction, its TaskDone naming where its products ended. */
    private static final class Fetcher implements AutoCloseable {
        private final KafkaProducer<String, Object> producer;

        Fetcher(EmbeddedKafkaBroker broker, String id) {
            Map<String, Object> props = KafkaTestUtils.producerProps(broker);
            props.put("transactional.id", id);
            producer = new KafkaProducer<>(props, new StringSerializer(), new JacksonJsonSerializer<>().noTypeInfo());
            producer.initTransactions();
        }

        void inTransaction(Work work) throws Exception {
            producer.beginTransaction();
            work.run(new Transaction(producer));
            producer.commitTransaction();
        }

        void aborted(Work work) throws Exception {
            producer.beginTransaction();
            work.run(new Transaction(producer));
            producer.flush();
            producer.abortTransaction();
        }

        @Override
        public void close() {
            producer.close();
        }
    }

    private record Transaction(
            KafkaProducer<String, Object> producer, Map<Integer, Long> lastOffsets, long[] published, long[] errors) {
        Transaction(KafkaProducer<String, Object> producer) {
            this(producer, new HashMap<>(), new long[1], new long[1]);
        }

        void product(ProductRecord product) throws Exception {
            RecordMetadata sent = producer.send(new ProducerRecord<>(Topics.PRODUCTS, product.key(), product))
                    .get();
            lastOffsets.merge(sent.partition(), sent.offset(), Math::max);
            published[0]++;
        }

        void event(RunEvent event) throws Exception {
            producer.send(new ProducerRecord<>(Topics.RUNS, event.runId(), event))
                    .get();
        }

        void error(String attempt, ErrorKind kind, String message) throws Exception {
            event(new RunEvent.FetchFailed(
                    "run-by-tasks",
                    "shop",
                    "http://upstream/shop",
                    message,
                    kind.wireName(),
                    1,
                    Instant.now(),
                    attempt));
            errors[0]++;
        }

        void done(String runId, String taskId, String attempt, List<String> children, SourceStats stats)
                throws Exception {
            event(new RunEvent.TaskDone(
                    runId,
                    taskId,
                    "shop",
                    "test",
                    attempt,
                    children,
                    stats,
                    1,
                    errors[0],
                    lastOffsets,
                    published[0],
                    null,
                    "http://upstream/shop",
                    Instant.now()));
        }
    }

    @FunctionalInterface
    private interface Work {
        void run(Transaction transaction) throws Exception;
    }
}
