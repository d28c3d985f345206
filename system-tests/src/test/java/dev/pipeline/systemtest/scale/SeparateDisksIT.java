package dev.pipeline.systemtest.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.cli.stack.LocalObjectStore;
import dev.pipeline.cli.stack.LocalStack;
import dev.pipeline.cli.stack.PipelineHome;
import dev.pipeline.cli.stack.StackSettings;
import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.report.testing.ReportSchema;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
 * Two processors that share no disk, as on two hosts: each its own JVM and its own output
 * directory, the reports in an S3-compatible object store (S3Mock, its own JVM: {@link
 * LocalObjectStore}), one fetcher, a real KRaft broker, the stand-in upstream's seed workload of
 * {@value #PAGES} pages paced to a few seconds a run. Proved, each report compared item by item
 * with what the generator says the pages hold ({@link SeedReport}):
 *
 * <ol>
 *   <li>a run has exactly one report object in the bucket and none in either output directory;
 *       both instances answer {@code GET /api/runs/{id}/report} with its very bytes, say in {@code
 *       GET /api/runs/{id}} that it is reported, and count it in {@code /api/stats};
 *   <li>the owner killed (SIGKILL) in the middle of writing the report: each processor reaches the
 *       store through a {@link HoldingRelay} of its own, which holds the report's upload ({@code PUT
 *       /<bucket>/<runId>.json}); the processor whose relay holds it is the owner, at that moment
 *       in the middle of the write, and none of that upload ever reaches the store. The survivor
 *       takes the partitions over (session timeout 10 s), writes the one report, exact; the killed
 *       one, started again, answers with the same bytes and uploads no second report.
 * </ol>
 *
 * <p>The tests share one stack and run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeparateDisksIT {

    static final int PAGES = 500;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern KEY = Pattern.compile("<Key>([^<]+)</Key>");
    private static final String SOURCES = """
            {"sources": [{"name": "seed", "url": "${pipeline.upstream-url}/seed/items", "items": ["/items"],
              "pagination": {"kind": "page-number", "page-param": "page", "total-pages": "/total_pages"}}]}
            """;

    @TempDir
    static Path out;

    static LocalStack stack;
    static SeedReport expected;
    /** Each processor's way to the object store, by instance (from 1). */
    static final Map<Integer, HoldingRelay> relays = new ConcurrentHashMap<>();

    @BeforeAll
    static void startTwoProcessorsThatShareNoDisk() {
        PipelineHome home = PipelineHome.locate();
        home.requireArtifacts(true, true);
        expected = SeedReport.of(PAGES);
        StackSettings settings = StackSettings.of(null, out)
                .withUpstreamArgs(List.of(
                        "--products", "0", "--posts", "0", "--users", "0", "--seed-pages", Integer.toString(PAGES)))
                .withFetcherFile("pipeline.sources-file", SOURCES)
                .withFetcherArgs(List.of(
                        "--resilience4j.ratelimiter.configs.default.limit-for-period=100",
                        "--pipeline.tasks.pages-per-task=10",
                        "--spring.kafka.producer.properties.transaction.timeout.ms=15000"))
                .withInstances(1, 2)
                .withOwnOutputDirectories()
                .withObjectStore((instance, store) -> relays.computeIfAbsent(instance, i -> new HoldingRelay(store))
                        .endpoint());
        stack = LocalStack.start(home, settings, line -> System.out.println("[stack] " + line));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        relays.values().forEach(HoldingRelay::close);
    }

    @Test
    @Order(1)
    @Timeout(300)
    void aRunHasOneReportInTheStoreThatBothInstancesServeAndCount() throws Exception {
        String runId = startRun();

        byte[] report = awaitReportObject(runId);

        assertThat(objectsOf(runId)).containsExactly(runId + ".json");
        expected.assertMatches(ReportSchema.readReport(new String(report, StandardCharsets.UTF_8)));
        for (URI processor : stack.processorUrls()) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertThat(state(processor, runId))
                            .as("GET /api/runs/%s on %s", runId, processor)
                            .isEqualTo("COMPLETE"));
            assertThat(get(processor, "api/runs/" + runId).path("report").asString())
                    .as("where %s says the report is", processor)
                    .isEqualTo("s3://" + LocalObjectStore.BUCKET + "/" + runId + ".json");
            assertThat(reportThrough(processor, runId))
                    .as("GET /api/runs/%s/report on %s", runId, processor)
                    .isEqualTo(report);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> {
                        JsonNode stats = get(processor, "api/stats");
                        assertThat(stats.path("runs").asLong())
                                .as("/api/stats on %s: %s", processor, stats)
                                .isEqualTo(1);
                        assertThat(stats.path("products").asLong())
                                .isEqualTo(expected.products().size());
                    });
        }
        assertThat(filesNamedFor(runId))
                .as("reports or markers in the output directories")
                .isEmpty();
    }

    @Test
    @Order(2)
    @Timeout(420)
    void theOwnerKilledInTheMiddleOfWritingTheReportLeavesOneExactReportServedByBoth() throws Exception {
        String runId = startRun();
        String upload = "PUT /" + LocalObjectStore.BUCKET + "/" + runId + ".json";
        relays.values().forEach(relay -> relay.hold(upload));

        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> relays.values().stream().anyMatch(HoldingRelay::isHolding));
        int owner = relays.get(1).isHolding() ? 1 : 2;
        int survivor = 3 - owner;
        assertThat(relays.get(survivor).isHolding()).as("one owner").isFalse();
        stack.killProcessor(owner);
        relays.get(owner).drop();
        relays.get(survivor).release();

        byte[] report = awaitReportObject(runId);

        assertThat(objectsOf(runId)).containsExactly(runId + ".json");
        expected.assertMatches(ReportSchema.readReport(new String(report, StandardCharsets.UTF_8)));
        URI survivorUrl = stack.processorUrls().get(survivor - 1);
        assertThat(reportThrough(survivorUrl, runId)).isEqualTo(report);

        int uploadsBefore = relays.get(owner).matches();
        stack.restartProcessor(owner);
        URI restarted = stack.processorUrls().get(owner - 1);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(state(restarted, runId)).isEqualTo("COMPLETE"));
        assertThat(reportThrough(restarted, runId)).isEqualTo(report);
        // A second report would be written once the restarted instance has its partitions back and
        // replays what it consumed: watched for a while, bounded.
        await().during(Duration.ofSeconds(15))
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> relays.get(owner).matches() == uploadsBefore
                        && objectsOf(runId).equals(List.of(runId + ".json")));
        assertThat(object(runId + ".json"))
                .as("the report in the store, unchanged")
                .isEqualTo(report);
        assertThat(filesNamedFor(runId))
                .as("reports or markers in the output directories")
                .isEmpty();
    }

    private static String startRun() throws Exception {
        HttpResponse<String> accepted = HTTP.send(
                HttpRequest.newBuilder(stack.fetcherUrl().resolve("api/runs"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return PipelineJson.mapper().readTree(accepted.body()).path("runId").asString();
    }

    /** The run's report, read from the store itself once it is there. */
    private static byte[] awaitReportObject(String runId) throws Exception {
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> objectsOf(runId).contains(runId + ".json"));
        return object(runId + ".json");
    }

    /** The keys in the bucket that begin with the run id: S3's ListObjectsV2, as plain HTTP. */
    private static List<String> objectsOf(String runId) throws IOException, InterruptedException {
        HttpResponse<String> listing = HTTP.send(
                HttpRequest.newBuilder(store().resolve(LocalObjectStore.BUCKET + "?list-type=2&prefix=" + runId))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(listing.statusCode()).as(listing.body()).isEqualTo(200);
        List<String> keys = new ArrayList<>();
        Matcher key = KEY.matcher(listing.body());
        while (key.find()) {
            keys.add(key.group(1));
        }
        return keys;
    }

    private static byte[] object(String key) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HTTP.send(
                HttpRequest.newBuilder(store().resolve(LocalObjectStore.BUCKET + "/" + key))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static URI store() {
        return stack.objectStore().orElseThrow().endpoint();
    }

    private static byte[] reportThrough(URI processor, String runId) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HTTP.send(
                HttpRequest.newBuilder(processor.resolve("api/runs/" + runId + "/report"))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode())
                .as("%s: %s", processor, new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        return response.body();
    }

    private static String state(URI processor, String runId) throws IOException, InterruptedException {
        return get(processor, "api/runs/" + runId).path("state").asString();
    }

    private static JsonNode get(URI service, String path) throws IOException, InterruptedException {
        HttpResponse<String> response =
                HTTP.send(HttpRequest.newBuilder(service.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
        return PipelineJson.mapper().readTree(response.body());
    }

    /** Whatever in the output directories is named for the run: a report or a marker would be. */
    private static List<Path> filesNamedFor(String runId) throws IOException {
        try (Stream<Path> files = Files.walk(out)) {
            return files.filter(f -> f.getFileName().toString().startsWith(runId))
                    .toList();
        }
    }
}
