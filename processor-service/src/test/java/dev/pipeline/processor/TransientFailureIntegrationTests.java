package dev.pipeline.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LONG;
import static org.awaitility.Awaitility.await;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.SourceStats;
import dev.pipeline.common.Topics;
import dev.pipeline.common.report.testing.ReportSchema;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/**
 * A disk that cannot be written (full, read-only, unmounted) is waited out: consumption pauses,
 * readiness says why, nothing is committed past the runs not reported yet, nothing is
 * dead-lettered or reported as failed, and everything resumes by itself once writes work again.
 * The tests run as root, for whom permission bits stop no write: a directory is replaced by a
 * regular file of the same name instead, so that creating anything under it fails.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(
        partitions = 1,
        topics = {Topics.PRODUCTS, Topics.RUNS})
@ClosedBeforeItsDirectory
class TransientFailureIntegrationTests {

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
        // Few tries: were the disk taken for a run's own failure, it would be reported as failed within the test.
        registry.add("pipeline.processor.report-tries", () -> "2");
        registry.add("pipeline.processor.report-retry-backoff", () -> "200ms");
    }

    @BeforeEach
    void producer() {
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
    void anOutputDirectoryThatRefusesWritesPausesEverythingUntilItTakesThemAgain() throws Exception {
        Path out = root.resolve("out");
        replaceWithFile(out);

        String runId = "run-disk-away";
        SendResult<String, Object> first = publishRun(runId, "1");

        // Readiness says why, and the run is not reported, failed, or committed past.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> readiness = get("/actuator/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(503);
            JsonNode reports = PipelineJson.mapper().readTree(readiness.body()).at("/components/reports");
            assertThat(reports.get("status").asString()).isEqualTo("DOWN");
            assertThat(reports.at("/details/run").asString()).isEqualTo(runId);
            assertThat(reports.at("/details/consumption").asString()).isEqualTo("paused");
            assertThat(reports.at("/details/reason").asString()).contains(" cannot be written: ");
        });
        // Well past every try a failure of the run's own would get (2 tries, 200 ms apart).
        String secondRun = "run-while-disk-away";
        publishRun(secondRun, "2");
        Thread.sleep(3_000);
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(503);
        assertThat(Files.isRegularFile(out)).isTrue();
        JsonNode status =
                PipelineJson.mapper().readTree(get("/api/runs/" + runId).body());
        assertThat(status.get("state").asString()).isEqualTo("OPEN");
        assertThat(status.get("reason").asString()).isEqualTo(out + " cannot be written: Not a directory");
        // Paused: the run published during the outage has not been read.
        assertThat(get("/api/runs/" + secondRun).statusCode()).isEqualTo(404);
        assertThat(committed(first))
                .satisfiesAnyOf(
                        offset -> assertThat(offset).isNull(),
                        offset -> assertThat(offset.offset())
                                .isLessThanOrEqualTo(first.getRecordMetadata().offset()));

        Files.delete(out);
        Files.createDirectories(out);

        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        Files.exists(out.resolve(runId + ".json")) && Files.exists(out.resolve(secondRun + ".json")));
        JsonNode report = ReportSchema.readReport(out.resolve(runId + ".json"));
        assertThat(report.at("/summary/total_products").asInt()).isEqualTo(1);
        assertThat(report.get("errors")).isEmpty();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> get("/actuator/health/readiness").statusCode() == 200);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(committed(first))
                        .isNotNull()
                        .extracting(OffsetAndMetadata::offset)
                        .asInstanceOf(LONG)
                        .isGreaterThan(first.getRecordMetadata().offset() + 1));
        assertNothingDeadLettered();
    }

    @Test
    void aWorkDirectoryThatRefusesWritesPausesEverythingUntilItTakesThemAgain() throws Exception {
        Path work = root.resolve("work");
        replaceWithFile(work);

        String runId = "run-store-away";
        publishRun(runId, "3");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> readiness = get("/actuator/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(503);
            JsonNode reports = PipelineJson.mapper().readTree(readiness.body()).at("/components/reports");
            assertThat(reports.get("status").asString()).isEqualTo("DOWN");
            assertThat(reports.at("/details/reason").asString()).contains("cannot be written: ");
        });
        Thread.sleep(2_000);
        assertThat(root.resolve("out").resolve(runId + ".json")).doesNotExist();

        Files.delete(work);
        Files.createDirectories(work);

        await().atMost(Duration.ofSeconds(60))
                .until(() -> Files.exists(root.resolve("out").resolve(runId + ".json")));
        JsonNode report = ReportSchema.readReport(root.resolve("out").resolve(runId + ".json"));
        assertThat(report.at("/summary/total_products").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> get("/actuator/health/readiness").statusCode() == 200);
        assertNothingDeadLettered();
    }

    private SendResult<String, Object> publishRun(String runId, String productId) throws Exception {
        kafka.send(Topics.RUNS, runId, TaskRuns.started(runId, List.of("shop"))).get();
        ProductRecord product = new ProductRecord(
                ProductRecord.CURRENT_VERSION,
                runId,
                "shop",
                productId,
                "Lamp",
                5.0,
                "home",
                "http://upstream/shop",
                Instant.now(),
                Map.of());
        SendResult<String, Object> sent =
                kafka.send(Topics.PRODUCTS, product.key(), product).get();
        kafka.send(
                        Topics.RUNS,
                        runId,
                        TaskRuns.done(
                                runId,
                                "shop",
                                SourceStats.NONE,
                                Map.of(
                                        sent.getRecordMetadata().partition(),
                                        sent.getRecordMetadata().offset()),
                                1))
                .get();
        return sent;
    }

    private static void replaceWithFile(Path directory) throws IOException {
        FileSystemUtils.deleteRecursively(directory);
        Files.writeString(directory, "not a directory");
    }

    private OffsetAndMetadata committed(SendResult<String, Object> sent) throws Exception {
        TopicPartition partition =
                new TopicPartition(Topics.PRODUCTS, sent.getRecordMetadata().partition());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            return admin.listConsumerGroupOffsets("pipeline-processor")
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .get(partition);
        }
    }

    private void assertNothingDeadLettered() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            var dlt = new TopicPartition(Topics.PRODUCTS_DLT, 0);
            var runsDlt = new TopicPartition(Topics.RUNS + ".DLT", 0);
            var ends = admin.listOffsets(Map.of(dlt, OffsetSpec.latest(), runsDlt, OffsetSpec.latest()))
                    .all()
                    .get();
            assertThat(ends.get(dlt).offset()).isZero();
            assertThat(ends.get(runsDlt).offset()).isZero();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
