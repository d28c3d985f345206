package dev.pipeline.processor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.SourceStats;
import dev.pipeline.common.Topics;
import dev.pipeline.common.report.testing.ReportSchema;
import dev.pipeline.processor.ClosedBeforeItsDirectory;
import dev.pipeline.processor.TaskRuns;
import dev.pipeline.processor.notify.WebhookReceiver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Invariant 9 on a real broker: one run's prices, records or report failure never stop another
 * run's report. Runs are published as the fetcher publishes an upload, a run of one task:
 * {@code Started}, products, the task's {@code TaskDone} with the offsets reached. One partition
 * per topic, so a run that blocked its partition would block every run after it.
 *
 * <p>The cap is raised to 1e308 here, so that prices near the largest double reach the report's
 * arithmetic (with the default cap of 1e15 they would be invalid items).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(
        partitions = 1,
        topics = {Topics.PRODUCTS, Topics.RUNS})
@ClosedBeforeItsDirectory
class RunIsolationIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path root;

    private static WebhookReceiver receiver;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    ReportWriter writer;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        receiver = new WebhookReceiver();
        registry.add("pipeline.notify.url", () -> receiver.url().toString());
        registry.add("pipeline.notify.secret", () -> "isolation-secret");
        registry.add("pipeline.processor.output-dir", () -> root.resolve("out").toString());
        registry.add("pipeline.processor.work-dir", () -> root.resolve("work").toString());
        registry.add("pipeline.processor.max-price", () -> "1e308");
        // Tries at 0, 1, 3 and 7 s: long enough to watch a run being retried while another is reported.
        registry.add("pipeline.processor.report-tries", () -> "4");
        registry.add("pipeline.processor.report-retry-backoff", () -> "1s");
    }

    @AfterEach
    void noFault() {
        writer.fault = (run, part) -> {};
    }

    @AfterAll
    static void closeReceiver() throws IOException {
        receiver.close();
    }

    @Test
    void pricesNearTheLargestDoubleGetFiniteMetricsAndTheNextRunIsReportedToo() throws Exception {
        try (Producer kafka = new Producer(broker)) {
            kafka.run(
                    "run-huge-prices",
                    List.of(product("run-huge-prices", "1", 1e308), product("run-huge-prices", "2", 1e308)));
            kafka.run("run-after-huge", List.of(product("run-after-huge", "1", 2.5)));
        }

        JsonNode huge = report("run-huge-prices");
        JsonNode prices = huge.at("/metrics/price_metrics");
        assertThat(prices.get("min_price").doubleValue()).isEqualTo(1e308);
        assertThat(prices.get("max_price").doubleValue()).isEqualTo(1e308);
        assertThat(prices.get("average_price").doubleValue()).isEqualTo(1e308);
        assertThat(prices.get("median_price").doubleValue()).isEqualTo(1e308);
        assertThat(prices.get("valid_price_count").asInt()).isEqualTo(2);
        assertThat(huge.at("/summary/total_products").asInt()).isEqualTo(2);
        assertThat(huge.get("errors")).isEmpty();
        assertThat(Files.readString(reportPath("run-huge-prices"))).doesNotContain("Infinity", "NaN");

        JsonNode after = report("run-after-huge");
        assertThat(after.at("/summary/total_products").asInt()).isEqualTo(1);
        assertThat(after.at("/metrics/price_metrics/average_price").doubleValue())
                .isEqualTo(2.5);
    }

    @Test
    void aReportAppearsOnlyOnceItsScratchFilesAreGone() throws Exception {
        // A process killed right after the rename would otherwise leave them for good: a run with a
        // report is never written again, so nothing would sweep them.
        Path out = root.resolve("out");
        Files.createDirectories(out);
        String runId = "run-scratch-order";
        List<String> events = new ArrayList<>();
        try (WatchService watch = out.getFileSystem().newWatchService()) {
            out.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
            try (Producer kafka = new Producer(broker)) {
                kafka.run(runId, List.of(product(runId, "1", 2.5), product(runId, "2", 3.5)));
            }
            String report = runId + ".json";
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!events.contains("create " + report) && System.nanoTime() < deadline) {
                WatchKey key = watch.poll(100, TimeUnit.MILLISECONDS);
                if (key != null) {
                    for (WatchEvent<?> event : key.pollEvents()) {
                        String name = String.valueOf(event.context());
                        if (name.contains(runId)) {
                            events.add((event.kind() == StandardWatchEventKinds.ENTRY_CREATE ? "create " : "delete ")
                                    + name);
                        }
                    }
                    key.reset();
                }
            }
            assertThat(events).contains("create " + report);
            List<String> scratch = events.stream()
                    .filter(e -> e.startsWith("create ."))
                    .filter(e -> e.endsWith(".rows") || e.endsWith(".prices"))
                    .map(e -> e.substring("create ".length()))
                    .toList();
            assertThat(scratch).as("the report's scratch files, seen made").isNotEmpty();
            for (String file : scratch) {
                assertThat(events.indexOf("delete " + file))
                        .as("%s deleted before the report appeared: %s", file, events)
                        .isBetween(0, events.indexOf("create " + report));
            }
        }
    }

    @Test
    void aPriceThatIsNotFiniteNegativeOrAboveTheCapIsAnInvalidItemOfItsRunNotAProduct() throws Exception {
        String runId = "run-bad-prices";
        try (Producer kafka = new Producer(broker)) {
            kafka.event(TaskRuns.started(runId, List.of("shop")));
            Map<Integer, Long> last = new HashMap<>();
            record(last, kafka.raw("shop:1", productJson(runId, "1", "\"NaN\"")));
            record(last, kafka.raw("shop:2", productJson(runId, "2", "-0.01")));
            record(last, kafka.raw("shop:3", productJson(runId, "3", "1.5e308")));
            record(last, kafka.raw("shop:4", productJson(runId, "4", "1e309")));
            record(last, kafka.raw("shop:5", productJson(runId, "5", "19.99")));
            kafka.event(TaskRuns.done(runId, "shop", new SourceStats(1, 1, 0, 0, 5, 0), last, 5));
        }

        JsonNode json = report(runId);
        assertThat(json.at("/summary/total_products").asInt()).isEqualTo(1);
        assertThat(json.at("/summary/total_errors").asInt()).isEqualTo(4);
        assertThat(json.at("/products/0/id").asString()).isEqualTo("5");
        assertThat(json.at("/metrics/price_metrics/max_price").doubleValue()).isEqualTo(19.99);
        List<String> errors = new ArrayList<>();
        json.get("errors").forEach(error -> {
            assertThat(error.get("kind").asString()).isEqualTo("invalid_item");
            assertThat(error.get("source").asString()).isEqualTo("shop");
            assertThat(error.get("endpoint").asString()).isEqualTo("http://upstream/shop");
            errors.add(error.get("error").asString());
        });
        assertThat(errors)
                .containsExactly(
                        "item 1: price NaN is not a finite number",
                        "item 2: price -0.01 is negative",
                        "item 3: price 1.5E308 is above the cap of 1.0E308 (pipeline.processor.max-price)",
                        "item 4: price Infinity is not a finite number");
        assertThat(Files.readString(reportPath(runId))).doesNotContain("\"price\" : \"NaN\"", "Infinity\n");
    }

    @Test
    void aRunWhoseReportKeepsFailingGetsAReportFailedReportWhileOtherRunsAreReported() throws Exception {
        String bad = "run-report-fails";
        String good = "run-reported-meanwhile";
        writer.fault = (run, part) -> {
            if (run.runId().equals(bad) && part.equals("metrics")) {
                throw new IllegalStateException("a bug this run's data triggers");
            }
        };
        try (Producer kafka = new Producer(broker)) {
            kafka.run(bad, List.of(product(bad, "1", 3.0), product(bad, "2", 5.0)));
            kafka.run(good, List.of(product(good, "1", 7.0)));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(reportPath(good)));
        assertThat(reportPath(bad)).doesNotExist();
        HttpResponse<String> readiness = get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(503);
        JsonNode reports = JSON.readTree(readiness.body()).at("/components/reports");
        assertThat(reports.get("status").asString()).isEqualTo("OUT_OF_SERVICE");
        assertThat(reports.at("/details/failingReports/" + bad).asString())
                .contains("failed: IllegalStateException: a bug this run's data triggers");
        assertThat(JSON.readTree(get("/api/runs/" + bad).body()).get("reason").asString())
                .startsWith("report failed (try ")
                .endsWith("IllegalStateException: a bug this run's data triggers");

        JsonNode json = report(bad);
        Thread.sleep(500);
        assertThat(receiver.of(bad))
                .as("a report with a report_failed error is COMPLETE: not announced")
                .isEmpty();
        assertThat(receiver.of(good)).isEmpty();
        assertThat(json.at("/summary/total_products").asInt()).isEqualTo(2);
        assertThat(json.at("/summary/total_errors").asInt()).isEqualTo(1);
        assertThat(json.at("/summary/success_rate").doubleValue()).isEqualTo(0.6667);
        assertThat(json.get("products")).hasSize(2);
        JsonNode error = json.at("/errors/0");
        assertThat(error.get("kind").asString()).isEqualTo("report_failed");
        assertThat(error.get("attempts").asInt()).isEqualTo(4);
        assertThat(error.get("endpoint").asString()).isEqualTo("report:" + bad);
        assertThat(error.get("error").asString())
                .isEqualTo(
                        "the report failed 4 times, the last with: IllegalStateException: a bug this run's data triggers; "
                                + "written without price_metrics and category_distribution, which failed again: "
                                + "IllegalStateException: a bug this run's data triggers");
        assertThat(json.at("/metrics/price_metrics").isNull()).isTrue();
        assertThat(json.at("/metrics/category_distribution").isNull()).isTrue();
        assertThat(json.at("/metrics/source_request_counts/shop").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> get("/actuator/health/readiness").statusCode() == 200);
    }

    @Test
    void aRunOfWhichNotEvenAReportFailedReportCanBeWrittenIsFailedVisiblyAndReleasesItsOffsets() throws Exception {
        String doomed = "run-cannot-be-reported";
        writer.fault = (run, part) -> {
            if (run.runId().equals(doomed) && part.equals("products")) {
                throw new IllegalStateException("copying this run's products fails");
            }
        };
        SendResult<String, Object> sent;
        try (Producer kafka = new Producer(broker)) {
            sent = kafka.run(doomed, List.of(product(doomed, "1", 3.0)));
        }

        await().atMost(Duration.ofSeconds(30))
                .until(() -> get("/api/runs/" + doomed).body().contains("FAILED"));
        JsonNode status = JSON.readTree(get("/api/runs/" + doomed).body());
        assertThat(status.get("state").asString()).isEqualTo("FAILED");
        assertThat(status.get("reason").asString())
                .isEqualTo("no report: it failed 4 times (the last with: "
                        + "IllegalStateException: copying this run's products fails), and so did the report of what could "
                        + "be written: IllegalStateException: copying this run's products fails");
        assertThat(reportPath(doomed)).doesNotExist();
        assertThat(get("/actuator/prometheus").body()).contains("pipeline_runs_failed_total 1.0");
        // The failure webhook hears of it once, with the reason and no report.
        await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.of(doomed).isEmpty());
        JsonNode announced = JSON.readTree(receiver.of(doomed).getFirst().body());
        assertThat(announced.get("state").asString()).isEqualTo("FAILED");
        assertThat(announced.get("reasons").get(0).asString())
                .isEqualTo(status.get("reason").asString());
        assertThat(announced.get("report").isNull()).isTrue();
        assertThat(receiver.of(doomed)).hasSize(1);
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        TopicPartition partition =
                new TopicPartition(Topics.PRODUCTS, sent.getRecordMetadata().partition());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets("pipeline-processor")
                        .partitionsToOffsetAndMetadata()
                        .get()
                        .get(partition);
                assertThat(committed).isNotNull();
                assertThat(committed.offset())
                        .isGreaterThan(sent.getRecordMetadata().offset());
            });
        }
    }

    private JsonNode report(String runId) throws IOException {
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(reportPath(runId)));
        return ReportSchema.readReport(reportPath(runId));
    }

    private static Path reportPath(String runId) {
        return root.resolve("out").resolve(runId + ".json");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static ProductRecord product(String runId, String id, double price) {
        return new ProductRecord(
                ProductRecord.CURRENT_VERSION,
                runId,
                "shop",
                id,
                "Item " + id,
                price,
                "things",
                "http://upstream/shop",
                Instant.now(),
                Map.of());
    }

    /** A product record as raw JSON, for prices the fetcher would never write. */
    private static String productJson(String runId, String id, String price) {
        return "{\"version\":1,\"runId\":\"" + runId + "\",\"source\":\"shop\",\"externalId\":\"" + id
                + "\",\"title\":\"Item " + id + "\",\"price\":" + price + ",\"category\":\"things\","
                + "\"endpoint\":\"http://upstream/shop\",\"fetchedAt\":\"2026-01-01T00:00:00Z\"}";
    }

    private static void record(Map<Integer, Long> lastOffsets, SendResult<String, ?> sent) {
        lastOffsets.merge(
                sent.getRecordMetadata().partition(), sent.getRecordMetadata().offset(), Math::max);
    }

    /** A producer as the fetcher's: JSON values without type headers, plus raw bytes. */
    private static final class Producer implements AutoCloseable {
        private final KafkaTemplate<String, Object> json;
        private final KafkaTemplate<String, byte[]> raw;

        Producer(EmbeddedKafkaBroker broker) {
            Map<String, Object> props = KafkaTestUtils.producerProps(broker);
            this.json = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                    props, new StringSerializer(), new JacksonJsonSerializer<>().noTypeInfo()));
            this.raw = new KafkaTemplate<>(
                    new DefaultKafkaProducerFactory<>(props, new StringSerializer(), new ByteArraySerializer()));
        }

        /** A whole run of one source, as an upload is published; answers its last product's send. */
        SendResult<String, Object> run(String runId, List<ProductRecord> products) throws Exception {
            event(TaskRuns.started(runId, List.of("shop")));
            Map<Integer, Long> last = new HashMap<>();
            SendResult<String, Object> sent = null;
            for (ProductRecord product : products) {
                sent = json.send(Topics.PRODUCTS, product.key(), product).get();
                record(last, sent);
            }
            event(TaskRuns.done(runId, "shop", new SourceStats(1, 1, 0, 0, products.size(), 0), last, products.size()));
            return sent;
        }

        SendResult<String, byte[]> raw(String key, String value) throws Exception {
            return raw.send(Topics.PRODUCTS, key, value.getBytes(StandardCharsets.UTF_8))
                    .get();
        }

        void event(RunEvent event) throws Exception {
            json.send(Topics.RUNS, event.runId(), event).get();
        }

        @Override
        public void close() {
            json.destroy();
            raw.destroy();
        }
    }
}
