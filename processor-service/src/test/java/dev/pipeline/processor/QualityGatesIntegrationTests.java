package dev.pipeline.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.common.ErrorKind;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.SourceExpectations;
import dev.pipeline.common.SourceStats;
import dev.pipeline.common.Topics;
import dev.pipeline.common.report.testing.ReportSchema;
import dev.pipeline.processor.notify.WebhookReceiver;
import dev.pipeline.processor.report.RunEnded;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Quality gates end to end, on a real in-process broker: runs whose start carries its sources'
 * gates, as the fetcher publishes them, reported by the processor; a run that misses one ends
 * {@code DEGRADED} in its report and its status, and the failure webhook (a real local HTTP server)
 * hears of it, signed; a run that meets its gates, or has none, is {@code COMPLETE} and unannounced.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(
        partitions = 3,
        topics = {Topics.PRODUCTS, Topics.RUNS})
@Import(QualityGatesIntegrationTests.ThrowingListener.class)
@ClosedBeforeItsDirectory
class QualityGatesIntegrationTests {

    private static final String SECRET = "gate-secret";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    @TempDir
    static Path output;

    private static WebhookReceiver receiver;

    @Autowired
    EmbeddedKafkaBroker broker;

    @LocalServerPort
    int port;

    @BeforeAll
    static void start() throws IOException {
        receiver = new WebhookReceiver();
        // run-hook-down's receiver is down for it: every attempt fails
        receiver.answer((delivery, attempt) -> "run-hook-down".equals(delivery) ? 500 : 200);
    }

    @AfterAll
    static void stop() throws IOException {
        receiver.close();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("pipeline.processor.output-dir", () -> output.toString());
        registry.add("pipeline.processor.work-dir", () -> output.resolve("work").toString());
        registry.add("pipeline.notify.url", () -> receiver.url().toString());
        registry.add("pipeline.notify.secret", () -> SECRET);
        registry.add("pipeline.notify.backoff", () -> "50ms");
        registry.add("pipeline.notify.max-attempts", () -> "3");
    }

    @Test
    void aRunThatMissesItsGatesEndsDegradedWithTheReasonsInItsReportAndStatusAndIsAnnouncedSigned() throws Exception {
        String runId = "run-degraded";
        Map<String, SourceExpectations> gates = Map.of(
                "shop", new SourceExpectations(5L, 0.2, null),
                "users", new SourceExpectations(1L, null, null));
        try (var kafka = new Producer(broker)) {
            runOf(kafka, runId, T0, gates, Map.of("shop", 3, "users", 1), Map.of("shop", 1));
        }

        Path report = awaitReport(runId);
        JsonNode written = ReportSchema.readReport(report);
        assertThat(new ArrayList<>(written.propertyNames()))
                .containsExactly("summary", "quality", "changes", "products", "errors", "metrics");
        JsonNode quality = written.get("quality");
        assertThat(quality.get("degraded").asBoolean()).isTrue();
        assertThat(quality.get("gates")).hasSize(3);
        JsonNode minItems = quality.get("gates").get(0);
        assertThat(minItems.get("source").asString()).isEqualTo("shop");
        assertThat(minItems.get("gate").asString()).isEqualTo("min_items");
        assertThat(minItems.get("expected").asInt()).isEqualTo(5);
        assertThat(minItems.get("actual").asInt()).isEqualTo(3);
        assertThat(minItems.get("passed").asBoolean()).isFalse();
        JsonNode invalid = quality.get("gates").get(1);
        assertThat(invalid.get("gate").asString()).isEqualTo("max_invalid_ratio");
        assertThat(invalid.get("actual").asDouble()).isEqualTo(0.25); // 1 invalid of 3 + 1 items
        assertThat(invalid.get("passed").asBoolean()).isFalse();
        JsonNode users = quality.get("gates").get(2);
        assertThat(users.get("source").asString()).isEqualTo("users");
        assertThat(users.get("passed").asBoolean()).isTrue();

        JsonNode status = status(runId);
        assertThat(status.get("state").asString()).isEqualTo("DEGRADED");
        assertThat(status.get("report").asString())
                .isEqualTo(report.toAbsolutePath().toString());
        assertThat(status.get("reason").asString())
                .contains("shop min_items: 3 products, at least 5 expected")
                .contains("shop max_invalid_ratio")
                .doesNotContain("users");
        assertThat(status.get("quality")).isEqualTo(quality);

        await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.of(runId).isEmpty());
        WebhookReceiver.Delivery delivery = receiver.of(runId).getFirst();
        JsonNode body = JSON.readTree(delivery.body());
        assertThat(body.get("run_id").asString()).isEqualTo(runId);
        assertThat(body.get("state").asString()).isEqualTo("DEGRADED");
        assertThat(body.get("reasons")).hasSize(2);
        assertThat(body.get("report").asString())
                .isEqualTo(report.toAbsolutePath().toString());
        assertThat(delivery.signature()).isEqualTo(hmac(delivery.body()));
        Thread.sleep(500);
        assertThat(receiver.of(runId)).as("one notification per run ending").hasSize(1);
    }

    @Test
    void aRunThatMeetsItsGatesIsCompleteSaysWhyTheDropPassedAndIsNotAnnounced() throws Exception {
        String runId = "run-gates-met";
        try (var kafka = new Producer(broker)) {
            runOf(kafka, runId, T0, Map.of("blog", new SourceExpectations(2L, 0.0, 0.1)), Map.of("blog", 2), Map.of());
        }

        JsonNode quality = ReportSchema.readReport(awaitReport(runId)).get("quality");
        assertThat(quality.get("degraded").asBoolean()).isFalse();
        JsonNode drop = quality.get("gates").get(2);
        assertThat(drop.get("gate").asString()).isEqualTo("max_drop_vs_last_run");
        assertThat(drop.get("actual").isNull()).isTrue();
        assertThat(drop.get("passed").asBoolean()).isTrue();
        assertThat(drop.get("detail").asString()).contains("no earlier complete run fetched blog");
        assertThat(status(runId).get("state").asString()).isEqualTo("COMPLETE");
        Thread.sleep(1_000); // a notification would have come by now
        assertThat(receiver.of(runId)).isEmpty();
    }

    /**
     * The drop is measured against the last complete run that fetched the source: a DEGRADED run is
     * no baseline, and a drop of exactly the bound passes.
     */
    @Test
    void theDropIsMeasuredAgainstTheLastCompleteRunNotADegradedOne() throws Exception {
        Map<String, SourceExpectations> gate = Map.of("news", new SourceExpectations(null, null, 0.5));
        try (var kafka = new Producer(broker)) {
            runOf(kafka, "run-drop-a", T0.plusSeconds(10), Map.of(), Map.of("news", 10), Map.of());
            awaitReport("run-drop-a");
            runOf(kafka, "run-drop-b", T0.plusSeconds(20), gate, Map.of("news", 4), Map.of());
            awaitReport("run-drop-b");
            runOf(kafka, "run-drop-c", T0.plusSeconds(30), gate, Map.of("news", 5), Map.of());
        }

        assertThat(status("run-drop-b").get("state").asString()).isEqualTo("DEGRADED");
        JsonNode b = ReportSchema.readReport(output.resolve("run-drop-b.json"))
                .get("quality")
                .get("gates")
                .get(0);
        assertThat(b.get("actual").asDouble()).isEqualTo(0.6);
        JsonNode c = ReportSchema.readReport(awaitReport("run-drop-c"))
                .get("quality")
                .get("gates")
                .get(0);
        assertThat(c.get("actual").asDouble())
                .as("against run A's 10, not run B's 4")
                .isEqualTo(0.5);
        assertThat(c.get("passed").asBoolean()).isTrue();
        assertThat(status("run-drop-c").get("state").asString()).isEqualTo("COMPLETE");
    }

    @Test
    void aRunWithoutGatesHasNoQualitySectionAndIsNotAnnounced() throws Exception {
        String runId = "run-no-gates";
        try (var kafka = new Producer(broker)) {
            runOf(kafka, runId, T0, Map.of(), Map.of("shop", 1), Map.of("shop", 1));
        }

        JsonNode report = ReportSchema.readReport(awaitReport(runId));
        assertThat(new ArrayList<>(report.propertyNames()))
                .containsExactly("summary", "changes", "products", "errors", "metrics");
        JsonNode status = status(runId);
        assertThat(status.get("state").asString()).isEqualTo("COMPLETE");
        assertThat(status.has("quality")).isFalse();
        Thread.sleep(1_000);
        assertThat(receiver.of(runId)).isEmpty();
    }

    @Test
    void aWebhookThatIsDownNeitherFailsNorDelaysTheReport() throws Exception {
        String runId = "run-hook-down";
        try (var kafka = new Producer(broker)) {
            runOf(
                    kafka,
                    runId,
                    T0,
                    Map.of("shop", new SourceExpectations(10L, null, null)),
                    Map.of("shop", 1),
                    Map.of());
        }

        JsonNode report = ReportSchema.readReport(awaitReport(runId));
        assertThat(report.get("summary").get("total_products").asInt()).isEqualTo(1);
        assertThat(report.get("quality").get("degraded").asBoolean()).isTrue();
        assertThat(status(runId).get("state").asString()).isEqualTo("DEGRADED");
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.of(runId).size() == 3);
        String metrics = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body()
                        .lines()
                        .anyMatch(line ->
                                line.startsWith("pipeline_notifications_failed_total") && !line.endsWith(" 0.0")));
        assertThat(metrics).contains("pipeline_runs_degraded_total");
    }

    /** A listener of run endings that throws cannot turn a written report into a failed one. */
    @Test
    void aListenerThatThrowsLeavesTheReportAsWritten() throws Exception {
        String runId = ThrowingListener.RUN;
        try (var kafka = new Producer(broker)) {
            runOf(
                    kafka,
                    runId,
                    T0,
                    Map.of("shop", new SourceExpectations(10L, null, null)),
                    Map.of("shop", 1),
                    Map.of());
        }

        Path report = awaitReport(runId);
        await().atMost(Duration.ofSeconds(10)).until(() -> ThrowingListener.thrown);
        // not taken for a report that failed (which would be tried again, readiness OUT_OF_SERVICE meanwhile)
        assertThat(HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(200);
        var written = Files.getLastModifiedTime(report);
        Thread.sleep(1_500); // past the first retry a failed report would get
        assertThat(Files.getLastModifiedTime(report)).as("written once").isEqualTo(written);
        JsonNode status = status(runId);
        assertThat(status.get("state").asString()).isEqualTo("DEGRADED");
        assertThat(status.has("productsConsumed")).isFalse();
        assertThat(ReportSchema.readReport(report).get("errors")).isEmpty();
    }

    @TestConfiguration
    static class ThrowingListener {
        static final String RUN = "run-listener-throws";
        static volatile boolean thrown;

        @EventListener
        void runEnded(RunEnded ended) {
            if (RUN.equals(ended.runId())) {
                thrown = true;
                throw new IllegalStateException("a listener's bug");
            }
        }
    }

    /**
     * A run as the fetchers publish it: its start with the gates, {@code products[source]} products
     * per source (ids 1..n, each source its own task), {@code invalid[source]} invalid items.
     */
    private static void runOf(
            Producer kafka,
            String runId,
            Instant startedAt,
            Map<String, SourceExpectations> gates,
            Map<String, Integer> products,
            Map<String, Integer> invalid)
            throws Exception {
        List<String> sources = products.keySet().stream().sorted().toList();
        RunEvent.Started plain = TaskRuns.started(runId, sources, startedAt, Map.of());
        kafka.event(new RunEvent.Started(
                runId, plain.sources(), plain.startedAt(), plain.startOffsets(), plain.tasks(), gates));
        for (String source : sources) {
            Map<Integer, Long> last = new HashMap<>();
            for (int id = 1; id <= products.get(source); id++) {
                var sent = kafka.product(new ProductRecord(
                        ProductRecord.CURRENT_VERSION,
                        runId,
                        source,
                        Integer.toString(id),
                        "Item " + id,
                        1.0 * id,
                        "c",
                        "http://upstream/" + source,
                        startedAt,
                        Map.of()));
                last.merge(
                        sent.getRecordMetadata().partition(),
                        sent.getRecordMetadata().offset(),
                        Math::max);
            }
            for (int i = 0; i < invalid.getOrDefault(source, 0); i++) {
                kafka.event(TaskRuns.error(
                        runId,
                        source,
                        "http://upstream/" + source + "?item=" + i,
                        "missing id",
                        ErrorKind.INVALID_ITEM.wireName(),
                        0));
            }
            kafka.event(TaskRuns.done(
                    runId,
                    source,
                    new SourceStats(1, 1, 0, 0, products.get(source) + invalid.getOrDefault(source, 0), 0),
                    last,
                    products.get(source)));
        }
    }

    private static Path awaitReport(String runId) {
        Path report = output.resolve(runId + ".json");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(report));
        return report;
    }

    private JsonNode status(String runId) throws Exception {
        return JSON.readTree(HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/runs/" + runId))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
    }

    private static String hmac(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    /** A producer as the fetcher's: JSON values without type headers. */
    private static final class Producer implements AutoCloseable {
        private final KafkaTemplate<String, Object> json;

        Producer(EmbeddedKafkaBroker broker) {
            Map<String, Object> props = KafkaTestUtils.producerProps(broker);
            this.json = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                    props, new StringSerializer(), new JacksonJsonSerializer<>().noTypeInfo()));
        }

        org.springframework.kafka.support.SendResult<String, Object> product(ProductRecord product) throws Exception {
            return json.send(Topics.PRODUCTS, product.key(), product).get();
        }

        void event(RunEvent event) throws Exception {
            json.send(Topics.RUNS, event.runId(), event).get();
        }

        @Override
        public void close() {
            json.destroy();
        }
    }
}
