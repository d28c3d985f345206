package dev.pipeline.systemtest.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.cli.stack.LocalStack;
import dev.pipeline.cli.stack.PipelineHome;
import dev.pipeline.cli.stack.StackSettings;
import dev.pipeline.common.FetchTask;
import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.RunIds;
import dev.pipeline.common.Topics;
import dev.pipeline.common.report.testing.ReportSchema;
import dev.pipeline.support.testing.CommittedRecords;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Two fetchers and two processors, each its own JVM, on a real KRaft broker in its own JVM, over
 * the stand-in upstream's seed workload of {@value #PAGES} pages: one exact report per run, also
 * with a fetcher killed (SIGKILL) mid-run, with the broker stopped for 10 s mid-run and started
 * again on its data, and with tasks that can never succeed. Every report is compared with what
 * the generator says the pages hold ({@link SeedReport}), item by item.
 *
 * <p>The rate limit (100 requests/s per source, shared by the fetchers) paces a run to about
 * 10 s, so that "mid-run" is a real moment. The tests share one stack and run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutIT {

    static final int PAGES = 1_000;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SOURCES = """
            {"sources": [{"name": "seed", "url": "${pipeline.upstream-url}/seed/items", "items": ["/items"],
              "pagination": {"kind": "page-number", "page-param": "page", "total-pages": "/total_pages"}}]}
            """;

    @TempDir
    static Path out;

    static LocalStack stack;
    static SeedReport expected;

    @BeforeAll
    static void startTwoOfEach() {
        PipelineHome home = PipelineHome.locate();
        home.requireArtifacts(true, true);
        expected = SeedReport.of(PAGES);
        StackSettings settings = StackSettings.of(null, out)
                .withUpstreamArgs(List.of(
                        "--products", "0", "--posts", "0", "--users", "0", "--seed-pages", Integer.toString(PAGES)))
                .withFetcherFile("pipeline.sources-file", SOURCES)
                .withFetcherArgs(List.of(
                        "--resilience4j.ratelimiter.configs.default.limit-for-period=100",
                        // tasks of 10 pages, 100 of them: enough to kill a fetcher mid-run
                        // (tasks sized by items would make 32 of the seed's tiny pages)
                        "--pipeline.tasks.pages-per-task=10",
                        // a killed fetcher's open transaction is aborted by the broker this soon
                        "--spring.kafka.producer.properties.transaction.timeout.ms=15000"))
                .withInstances(2, 2);
        stack = LocalStack.start(home, settings, line -> System.out.println("[stack] " + line));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    @Timeout(300)
    void twoFetchersAndTwoProcessorsShareARunAndWriteOneExactReport() throws Exception {
        String runId = startRun();

        JsonNode report = awaitReport(runId);

        expected.assertMatches(report);
        JsonNode tasks = status(runId).path("tasks");
        assertThat(tasks.path("planned").asInt())
                .isEqualTo(tasks.path("done").asInt())
                .isGreaterThan(PAGES / 10);
        assertThat(tasks.path("doneBy").propertyNames())
                .as("both fetchers took tasks")
                .containsExactlyInAnyOrder("fetcher-1", "fetcher-2");
        assertThat(reportFiles(runId))
                .as("one report, written by one of the two processors")
                .hasSize(1);
    }

    @Test
    @Order(2)
    @Timeout(300)
    void aFetcherKilledMidRunIsTakenOverAndTheReportEqualsAnUninterruptedOne() throws Exception {
        String runId = startRun();
        awaitTasksDone(runId, 30);

        stack.killFetcher(1);
        JsonNode report = awaitReport(runId);

        expected.assertMatches(report);
        JsonNode takeovers = status(runId).path("tasks").path("takeovers");
        assertThat(takeovers)
                .as("tasks fetcher-1 had started, finished by fetcher-2")
                .isNotEmpty()
                .allSatisfy(t -> {
                    assertThat(t.path("from").asString()).isEqualTo("fetcher-1");
                    assertThat(t.path("to").asString()).isEqualTo("fetcher-2");
                });
        stack.restartFetcher(1);
    }

    @Test
    @Order(3)
    @Timeout(300)
    void theBrokerStoppedForTenSecondsMidRunLosesNothingAndDuplicatesNothing() throws Exception {
        String runId = startRun();
        awaitTasksDone(runId, 30);

        stack.broker().orElseThrow().stopKeepingData();
        Thread.sleep(10_000);
        stack.broker().orElseThrow().startAgain();
        JsonNode report = awaitReport(runId);

        expected.assertMatches(report);
    }

    @Test
    @Order(4)
    @Timeout(180)
    void tasksThatCanNeverSucceedEndInTheDeadLetterTopicAndAsErrorsOfTheirRun() throws Exception {
        String runId = RunIds.newId(Instant.now());
        FetchTask retired = FetchTask.walk(runId, "retired", "http://127.0.0.1:9/items", 0, 0);
        String garbledKey = FetchTask.key(runId, "garbled:p0");
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(
                    Topics.RUNS,
                    runId,
                    json(new RunEvent.Started(
                            runId,
                            List.of("retired", "garbled"),
                            Instant.now(),
                            Map.of(),
                            List.of(retired.taskId(), "garbled:p0")))));
            producer.send(new ProducerRecord<>(Topics.FETCH_TASKS, retired.key(), json(retired)));
            producer.send(new ProducerRecord<>(
                    Topics.FETCH_TASKS, garbledKey, "{\"runId\":".getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }

        JsonNode report = awaitReport(runId);

        assertThat(report.path("summary").path("total_products").asLong()).isZero();
        assertThat(report.path("errors")).hasSize(2).allSatisfy(error -> {
            assertThat(error.path("kind").asString()).isEqualTo("task_failed");
            assertThat(error.path("error").asString()).startsWith("task dead-lettered: ");
        });
        assertThat(report.path("errors")).anySatisfy(error -> {
            assertThat(error.path("source").asString()).isEqualTo("retired");
            assertThat(error.path("endpoint").asString()).isEqualTo("http://127.0.0.1:9/items");
            assertThat(error.path("error").asString()).contains("source 'retired' is not configured");
        });
        assertThat(report.path("errors"))
                .anySatisfy(error -> assertThat(error.path("source").asString()).isEqualTo("garbled"));
        assertThat(deadLetterKeys()).contains(retired.key(), garbledKey);
    }

    private static String startRun() throws Exception {
        HttpResponse<String> accepted = HTTP.send(
                HttpRequest.newBuilder(stack.fetcherUrls().getLast().resolve("api/runs"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return PipelineJson.mapper().readTree(accepted.body()).path("runId").asString();
    }

    private static JsonNode status(String runId) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(stack.fetcherUrls().getLast().resolve("api/runs/" + runId))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return PipelineJson.mapper().readTree(response.body());
    }

    private static void awaitTasksDone(String runId, int tasks) throws Exception {
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> status(runId).path("tasks").path("done").asInt() >= tasks);
        assertThat(status(runId).path("state").asString()).as("still running").isEqualTo("RUNNING");
    }

    private static JsonNode awaitReport(String runId) throws Exception {
        Path file = out.resolve(runId + ".json");
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> Files.exists(file));
        return ReportSchema.readReport(file);
    }

    private static List<Path> reportFiles(String runId) throws Exception {
        try (Stream<Path> files = Files.list(out)) {
            return files.filter(f -> f.getFileName().toString().startsWith(runId))
                    .toList();
        }
    }

    private static byte[] json(Object value) {
        return PipelineJson.mapper().writeValueAsBytes(value);
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", stack.bootstrapServers());
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    private static List<String> deadLetterKeys() {
        return CommittedRecords.read(stack.bootstrapServers(), Topics.FETCH_TASKS_DLT).stream()
                .map(ConsumerRecord::key)
                .toList();
    }
}
