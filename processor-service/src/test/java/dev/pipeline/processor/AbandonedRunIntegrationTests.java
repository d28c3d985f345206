package dev.pipeline.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.SourceStats;
import dev.pipeline.common.Topics;
import dev.pipeline.common.report.testing.ReportSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
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
 * A run is given up when nothing of it has been read for {@code abandon-after} (2 s here), counted
 * from its last record or event, not from when it was first seen: a run still making progress,
 * however slowly, is never abandoned. A run given up leaves a trace: {@code ABANDONED} with the
 * reason in {@code GET /api/runs/{id}} (also after a restart), a metric and a warning; it gets no
 * report and stops holding back the offsets of its partitions.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(
        partitions = 1,
        topics = {Topics.PRODUCTS, Topics.RUNS})
@ClosedBeforeItsDirectory
class AbandonedRunIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path root;

    @Autowired
    EmbeddedKafkaBroker broker;

    @LocalServerPort
    int port;

    private KafkaTemplate<String, Object> kafka;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("pipeline.processor.output-dir", () -> root.resolve("out").toString());
        registry.add("pipeline.processor.work-dir", () -> root.resolve("work").toString());
        registry.add("pipeline.processor.abandon-after", () -> "2s");
    }

    @BeforeEach
    void createProducer() {
        kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                KafkaTestUtils.producerProps(broker),
                new StringSerializer(),
                new JacksonJsonSerializer<>().noTypeInfo()));
    }

    @AfterEach
    void closeProducer() {
        kafka.destroy();
    }

    @Test
    void aRunThatKeepsReceivingRecordsSlowlyIsNotAbandonedAndIsReportedWhenItsLastTaskIsDone() throws Exception {
        String runId = "run-slow";
        kafka.send(Topics.RUNS, runId, TaskRuns.started(runId, List.of("shop"))).get();
        Map<Integer, Long> last = new HashMap<>();
        // A record every 500 ms for 4.5 s: more than twice abandon-after since the run was first read.
        for (int i = 1; i <= 9; i++) {
            record(
                    last,
                    kafka.send(Topics.PRODUCTS, "shop:" + i, product(runId, Integer.toString(i)))
                            .get());
            Thread.sleep(500);
            if (i == 1) { // its first read: a loaded machine may take longer than the 500 ms to get there
                await().atMost(Duration.ofSeconds(30)).until(() -> status(runId).statusCode() == 200);
            }
            assertThat(status(runId).statusCode()).isEqualTo(200);
            assertThat(json(status(runId)).get("state").asString())
                    .as("after %d records", i)
                    .isEqualTo("OPEN");
        }
        kafka.send(Topics.RUNS, runId, TaskRuns.done(runId, "shop", new SourceStats(9, 9, 0, 0, 9, 0), last, 9))
                .get();

        Path report = root.resolve("out").resolve(runId + ".json");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(report));
        assertThat(ReportSchema.readReport(report)
                        .get("summary")
                        .get("total_products")
                        .asInt())
                .isEqualTo(9);
        assertThat(json(status(runId)).get("state").asString()).isEqualTo("COMPLETE");
        assertThat(root.resolve("out").resolve(runId + ".abandoned")).doesNotExist();
    }

    @Test
    void aRunThatGoesSilentIsAbandonedWithATraceOverRestAMetricAndItsOffsetsCommitted() throws Exception {
        String runId = "run-orphaned";
        kafka.send(Topics.RUNS, runId, TaskRuns.started(runId, List.of("shop"))).get();
        SendResult<String, Object> sent =
                kafka.send(Topics.PRODUCTS, "shop:1", product(runId, "1")).get();

        await().atMost(Duration.ofSeconds(30)).until(() -> status(runId).statusCode() == 200);
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        "ABANDONED".equals(json(status(runId)).path("state").asString()));
        JsonNode abandoned = json(status(runId));
        assertThat(abandoned.get("reason").asString())
                .isEqualTo(
                        "no record or event of the run was read for PT2S (pipeline.processor.abandon-after): its fetchers "
                                + "stopped before its final event; what was read of it (products: 1, errors: 0) is dropped");
        assertThat(abandoned.get("abandonedAt").asString()).endsWith("Z");
        JsonNode marker = ReportSchema.readMarker(root.resolve("out").resolve(runId + ".abandoned"));
        assertThat(marker.get("reason").asString())
                .isEqualTo(abandoned.get("reason").asString());
        assertThat(marker.get("products_read").asLong()).isEqualTo(1);
        assertThat(metrics()).contains("pipeline_runs_abandoned_total{reason=\"idle\"} 1.0");

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
        assertThat(root.resolve("out").resolve(runId + ".json")).doesNotExist();

        // A new process (here: another instance reading everything again) still says so.
        try (ConfigurableApplicationContext restarted = new SpringApplicationBuilder(ProcessorApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                        "--spring.kafka.consumer.group-id=abandoned-restarted",
                        "--pipeline.processor.output-dir=" + root.resolve("out"),
                        "--pipeline.processor.work-dir=" + root.resolve("work-restarted"))) {
            int restartedPort = Integer.parseInt(restarted.getEnvironment().getProperty("local.server.port"));
            JsonNode again = json(get(restartedPort, "/api/runs/" + runId));
            assertThat(again.get("state").asString()).isEqualTo("ABANDONED");
            assertThat(again.get("reason").asString())
                    .isEqualTo(abandoned.get("reason").asString());
            Thread.sleep(2_000); // it replays the run's records: they stay abandoned, never a report
            assertThat(root.resolve("out").resolve(runId + ".json")).doesNotExist();
        }
    }

    private static ProductRecord product(String runId, String id) {
        return new ProductRecord(
                ProductRecord.CURRENT_VERSION,
                runId,
                "shop",
                id,
                "Lamp " + id,
                5.0,
                "home",
                "http://upstream/shop",
                Instant.now(),
                Map.of());
    }

    private static void record(Map<Integer, Long> last, SendResult<String, Object> sent) {
        last.merge(
                sent.getRecordMetadata().partition(), sent.getRecordMetadata().offset(), Math::max);
    }

    private HttpResponse<String> status(String runId) throws Exception {
        return get(port, "/api/runs/" + runId);
    }

    private String metrics() throws Exception {
        return get(port, "/actuator/prometheus").body();
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
