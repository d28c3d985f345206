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
import org.apache.kafka.common.serialization.StringSerializer;
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
 * At most {@code max-open-runs} runs (2 here) are open, each with its on-disk store: a run that
 * would be one more is refused at once — {@code ABANDONED} with the reason in the API, a metric,
 * no store and no report — while the runs already open are reported as usual.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(
        partitions = 1,
        topics = {Topics.PRODUCTS, Topics.RUNS})
@ClosedBeforeItsDirectory
class OpenRunCapIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path root;

    @Autowired
    EmbeddedKafkaBroker broker;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("pipeline.processor.output-dir", () -> root.resolve("out").toString());
        registry.add("pipeline.processor.work-dir", () -> root.resolve("work").toString());
        registry.add("pipeline.processor.max-open-runs", () -> "2");
    }

    @Test
    void aRunBeyondTheCapIsRefusedWithAReasonWhileTheOpenOnesAreReported() throws Exception {
        KafkaTemplate<String, Object> kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                KafkaTestUtils.producerProps(broker),
                new StringSerializer(),
                new JacksonJsonSerializer<>().noTypeInfo()));
        Map<String, Map<Integer, Long>> last = new HashMap<>();
        for (String runId : List.of("run-cap-1", "run-cap-2", "run-cap-3")) {
            kafka.send(Topics.RUNS, runId, TaskRuns.started(runId, List.of("shop")))
                    .get();
            SendResult<String, Object> sent =
                    kafka.send(Topics.PRODUCTS, "shop:1", product(runId)).get();
            last.put(
                    runId,
                    Map.of(
                            sent.getRecordMetadata().partition(),
                            sent.getRecordMetadata().offset()));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> "ABANDONED".equals(state("run-cap-3")));
        JsonNode refused = json(get("/api/runs/run-cap-3"));
        assertThat(refused.get("reason").asString())
                .isEqualTo("refused: 2 runs were already open on this processor "
                        + "(pipeline.processor.max-open-runs); start it again once fewer are open");
        assertThat(state("run-cap-1")).isEqualTo("OPEN");
        assertThat(state("run-cap-2")).isEqualTo("OPEN");
        assertThat(root.resolve("work").resolve("run-cap-3")).doesNotExist();
        assertThat(get("/actuator/prometheus").body())
                .contains("pipeline_runs_abandoned_total{reason=\"too_many_open_runs\"} 1.0");

        for (String runId : List.of("run-cap-1", "run-cap-2", "run-cap-3")) {
            kafka.send(
                            Topics.RUNS,
                            runId,
                            TaskRuns.done(runId, "shop", new SourceStats(1, 1, 0, 0, 1, 0), last.get(runId), 1))
                    .get();
        }
        Path out = root.resolve("out");
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        Files.exists(out.resolve("run-cap-1.json")) && Files.exists(out.resolve("run-cap-2.json")));
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> !Files.exists(out.resolve("run-cap-3.json")));
        assertThat(state("run-cap-3")).isEqualTo("ABANDONED");
        assertThat(ReportSchema.readReport(out.resolve("run-cap-1.json"))
                        .at("/summary/total_products")
                        .asInt())
                .isEqualTo(1);
        assertThat(ReportSchema.readReport(out.resolve("run-cap-2.json"))
                        .at("/summary/total_products")
                        .asInt())
                .isEqualTo(1);
        JsonNode marker = ReportSchema.readMarker(out.resolve("run-cap-3.abandoned"));
        assertThat(marker.get("reason").asString())
                .isEqualTo(refused.get("reason").asString());
        assertThat(marker.get("last_activity_at").isNull())
                .as("refused at once")
                .isTrue();
        kafka.destroy();
    }

    private static ProductRecord product(String runId) {
        return new ProductRecord(
                ProductRecord.CURRENT_VERSION,
                runId,
                "shop",
                "1",
                "Lamp",
                5.0,
                "home",
                "http://upstream/shop",
                Instant.now(),
                Map.of());
    }

    private String state(String runId) throws Exception {
        HttpResponse<String> response = get("/api/runs/" + runId);
        return response.statusCode() == 200 ? json(response).get("state").asString() : "HTTP " + response.statusCode();
    }

    private HttpResponse<String> get(String path) throws Exception {
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
