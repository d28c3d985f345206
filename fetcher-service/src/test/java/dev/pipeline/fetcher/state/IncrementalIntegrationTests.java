package dev.pipeline.fetcher.state;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pipeline.common.Cursors;
import dev.pipeline.common.ErrorKind;
import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.RunTasks;
import dev.pipeline.common.SourceState;
import dev.pipeline.common.Topics;
import dev.pipeline.fetcher.RunRecords;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * An incremental source played by WireMock, on a real in-process broker: the first run fetches
 * everything (no {@code start}) and its tasks' {@code TaskDone}s carry the high-water mark; once the
 * cursor is advanced (here written as the processor writes it after the report), the second run
 * sends {@code updated_after} = cursor − lookback on every page, its first and the ones planned from
 * it; and {@code GET/POST /api/sources/{name}/state}, API key, problems and all.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IncrementalIntegrationTests {

    private static final String KEY = "incremental-test-key";
    private static final WireMockServer API =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String T1 = "2026-01-01T01:00:00Z";
    private static final String T2 = "2026-01-01T02:00:00Z";
    private static final String T3 = "2026-01-01T03:00:00Z";

    static {
        API.start();
    }

    @Autowired
    EmbeddedKafkaBroker broker;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void sources(DynamicPropertyRegistry registry) {
        String base = "http://127.0.0.1:" + API.port();
        registry.add("pipeline.security.api-key", () -> KEY);
        registry.add("pipeline.sources[0].name", () -> "changing");
        registry.add("pipeline.sources[0].url", () -> base + "/changing/items");
        registry.add("pipeline.sources[0].items", () -> "/items");
        registry.add("pipeline.sources[0].pagination.kind", () -> "offset-limit");
        registry.add("pipeline.sources[0].pagination.page-size", () -> "2");
        registry.add("pipeline.sources[0].pagination.total", () -> "/total");
        registry.add("pipeline.sources[0].incremental.cursor-field", () -> "/updatedAt");
        registry.add("pipeline.sources[0].incremental.parameter", () -> "updated_after");
        registry.add("pipeline.sources[0].incremental.lookback", () -> "PT1H");
        registry.add("pipeline.sources[1].name", () -> "whole");
        registry.add("pipeline.sources[1].url", () -> base + "/whole");
        registry.add("pipeline.sources[1].items", () -> "/items");
        registry.add("pipeline.sources[1].pagination.kind", () -> "none");
        registry.add("pipeline.sources[2].name", () -> "backfill");
        registry.add("pipeline.sources[2].url", () -> base + "/backfill/items");
        registry.add("pipeline.sources[2].items", () -> "/items");
        registry.add("pipeline.sources[2].pagination.kind", () -> "offset-limit");
        registry.add("pipeline.sources[2].pagination.page-size", () -> "2");
        registry.add("pipeline.sources[2].pagination.total", () -> "/total");
        registry.add("pipeline.sources[2].incremental.cursor-field", () -> "/updatedAt");
        registry.add("pipeline.sources[2].incremental.parameter", () -> "updated_after");
        registry.add("pipeline.sources[2].incremental.start", () -> DAY1);
        registry.add("pipeline.sources[2].incremental.end", () -> END);
        registry.add("pipeline.sources[2].incremental.end-parameter", () -> "updated_before");
        registry.add("pipeline.sources[2].incremental.step", () -> "P1D");
        registry.add("pipeline.sources[3].name", () -> "capped");
        registry.add("pipeline.sources[3].url", () -> base + "/capped/items");
        registry.add("pipeline.sources[3].items", () -> "/items");
        registry.add("pipeline.sources[3].pagination.kind", () -> "offset-limit");
        registry.add("pipeline.sources[3].pagination.page-size", () -> "2");
        registry.add("pipeline.sources[3].pagination.total", () -> "/total");
        registry.add("pipeline.sources[3].pagination.max-pages", () -> "1");
        registry.add("pipeline.sources[3].incremental.cursor-field", () -> "/updatedAt");
        registry.add("pipeline.sources[3].incremental.parameter", () -> "updated_after");
    }

    private static final String DAY1 = "2026-01-01T00:00:00Z";
    private static final String DAY2 = "2026-01-02T00:00:00Z";
    private static final String DAY3 = "2026-01-03T00:00:00Z";
    private static final String END = "2026-01-03T12:00:00Z";
    // A window inside the backfill asks one second past its end: a boundary item is in one of two windows.
    private static final String DAY2_AND_A_SECOND = "2026-01-02T00:00:01Z";
    private static final String DAY3_AND_A_SECOND = "2026-01-03T00:00:01Z";

    @AfterAll
    static void stopApi() {
        API.stop();
    }

    private static String page(int total, String... items) {
        return "{\"total\":" + total + ",\"items\":[" + String.join(",", items) + "]}";
    }

    private static String item(int id, String updatedAt) {
        return "{\"id\":" + id + ",\"title\":\"Item " + id + "\",\"price\":" + id + ".5,\"updatedAt\":\"" + updatedAt
                + "\"}";
    }

    @Test
    @Order(1)
    void theSecondRunSendsTheAdvancedCursorLessTheLookbackOnEveryPage() throws Exception {
        // Everything: three items on two pages, the last one without a cursor value.
        API.stubFor(get(urlPathEqualTo("/changing/items"))
                .withQueryParam("updated_after", absent())
                .withQueryParam("skip", equalTo("0"))
                .willReturn(okJson(page(3, item(1, T1), item(2, T3)))));
        API.stubFor(get(urlPathEqualTo("/changing/items"))
                .withQueryParam("updated_after", absent())
                .withQueryParam("skip", equalTo("2"))
                .willReturn(okJson(page(3, "{\"id\":3,\"title\":\"Item 3\",\"price\":3.5}"))));

        List<RunEvent> first = run();
        RunEvent.Started started = started(first);
        assertThat(started.cursors()).containsEntry("changing", null);
        assertThat(started.incremental("changing")).isTrue();
        List<RunEvent.TaskDone> done = counted(first);
        assertThat(done).hasSize(2);
        String highWater = done.stream().map(RunEvent.TaskDone::highWater).reduce(null, Cursors::max);
        assertThat(highWater).isEqualTo(T3);
        assertThat(done.stream().mapToLong(RunEvent.TaskDone::withoutCursor).sum())
                .as("the item without updatedAt is published and counted, not dropped")
                .isEqualTo(1);
        assertThat(products(first)).isEqualTo(3);

        // What the processor writes once the first run's report is on disk.
        writeState(new SourceState("changing", highWater, started.runId(), Instant.now(), 0, 1L));
        JsonNode state = getJson("/api/sources/changing/state");
        assertThat(state.get("cursor").asString()).isEqualTo(T3);
        assertThat(state.get("nextRunFrom").asString()).isEqualTo(T2);
        assertThat(state.get("runId").asString()).isEqualTo(started.runId());

        API.resetRequests();
        API.stubFor(get(urlPathEqualTo("/changing/items"))
                .withQueryParam("updated_after", equalTo(T2))
                .withQueryParam("skip", equalTo("0"))
                .willReturn(okJson(page(3, item(2, T3), item(4, "2026-01-01T04:00:00Z")))));
        API.stubFor(get(urlPathEqualTo("/changing/items"))
                .withQueryParam("updated_after", equalTo(T2))
                .withQueryParam("skip", equalTo("2"))
                .willReturn(okJson(page(3, item(5, "2026-01-01T05:00:00Z")))));

        List<RunEvent> second = run();
        assertThat(started(second).cursors()).containsEntry("changing", T2);
        assertThat(started(second).generation("changing")).isZero();
        API.verify(2, getRequestedFor(urlPathEqualTo("/changing/items")).withQueryParam("updated_after", equalTo(T2)));
        API.verify(0, getRequestedFor(urlPathEqualTo("/changing/items")).withQueryParam("updated_after", absent()));
        assertThat(counted(second).stream().map(RunEvent.TaskDone::highWater).reduce(null, Cursors::max))
                .isEqualTo("2026-01-01T05:00:00Z");
        assertThat(products(second)).isEqualTo(3);
    }

    @Test
    @Order(2)
    void theStateIsSetAndResetWithTheApiKeyOnlyAndEachBumpsTheGeneration() throws Exception {
        assertThat(post("/api/sources/changing/state", "{\"cursor\":\"" + T1 + "\"}", null)
                        .statusCode())
                .isEqualTo(401);

        HttpResponse<String> set = post("/api/sources/changing/state", "{\"cursor\":\"" + T1 + "\"}", KEY);
        assertThat(set.statusCode()).isEqualTo(200);
        JsonNode setState = PipelineJson.mapper().readTree(set.body());
        assertThat(setState.get("cursor").asString()).isEqualTo(T1);
        assertThat(setState.get("generation").asLong()).isEqualTo(1);
        assertThat(setState.get("runId").isNull()).isTrue();
        assertThat(getJson("/api/sources/changing/state").get("cursor").asString())
                .as("a set to an earlier cursor wins: it is of a newer generation")
                .isEqualTo(T1);

        HttpResponse<String> reset = post("/api/sources/changing/state", "{\"cursor\":null}", KEY);
        assertThat(reset.statusCode()).isEqualTo(200);
        JsonNode state = getJson("/api/sources/changing/state");
        assertThat(state.get("cursor").isNull()).isTrue();
        assertThat(state.get("nextRunFrom").isNull())
                .as("no start: from the beginning")
                .isTrue();
        assertThat(state.get("generation").asLong()).isEqualTo(2);
    }

    @Test
    @Order(3)
    void unknownSourcesWholeSourcesAndInvalidCursorsAreProblems() throws Exception {
        HttpResponse<String> unknown = send(HttpRequest.newBuilder(uri("/api/sources/nope/state")));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).contains("application/problem+json");

        HttpResponse<String> whole = send(HttpRequest.newBuilder(uri("/api/sources/whole/state")));
        assertThat(whole.statusCode()).isEqualTo(409);
        assertThat(whole.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(post("/api/sources/whole/state", "{\"cursor\":\"1\"}", KEY).statusCode())
                .isEqualTo(409);

        HttpResponse<String> invalid = post("/api/sources/changing/state", "{\"cursor\":\"yesterday\"}", KEY);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(PipelineJson.mapper().readTree(invalid.body()).get("detail").asString())
                .startsWith("cursor: 'yesterday' is no instant cursor");
    }

    @Test
    @Order(4)
    void aBackfillWithAStepFetchesOneWindowPerTaskEachWithItsBoundsAndEndsWhenAllAreDone() throws Exception {
        API.resetRequests();
        // Window 0 holds three items on two pages, window 1 none, window 2 (clipped to END) one.
        API.stubFor(get(urlPathEqualTo("/backfill/items"))
                .withQueryParam("updated_after", equalTo(DAY1))
                .withQueryParam("updated_before", equalTo(DAY2_AND_A_SECOND))
                .withQueryParam("skip", equalTo("0"))
                .willReturn(okJson(page(3, item(11, "2026-01-01T01:00:00Z"), item(12, "2026-01-01T02:00:00Z")))));
        API.stubFor(get(urlPathEqualTo("/backfill/items"))
                .withQueryParam("updated_after", equalTo(DAY1))
                .withQueryParam("updated_before", equalTo(DAY2_AND_A_SECOND))
                .withQueryParam("skip", equalTo("2"))
                .willReturn(okJson(page(3, item(13, "2026-01-01T03:00:00Z")))));
        API.stubFor(get(urlPathEqualTo("/backfill/items"))
                .withQueryParam("updated_after", equalTo(DAY2))
                .withQueryParam("updated_before", equalTo(DAY3_AND_A_SECOND))
                .willReturn(okJson(page(0))));
        API.stubFor(get(urlPathEqualTo("/backfill/items"))
                .withQueryParam("updated_after", equalTo(DAY3))
                .withQueryParam("updated_before", equalTo(END))
                .willReturn(okJson(page(1, item(14, "2026-01-03T06:00:00Z")))));

        List<RunEvent> events = run("backfill");

        RunEvent.Started started = started(events);
        assertThat(started.tasks()).containsExactly("backfill:w0:p0", "backfill:w1:p0", "backfill:w2:p0");
        assertThat(started.cursors()).containsEntry("backfill", DAY1);
        List<RunEvent.TaskDone> done = counted(events);
        assertThat(done)
                .extracting(RunEvent.TaskDone::taskId)
                .containsExactlyInAnyOrder("backfill:w0:p0", "backfill:w0:p1-1", "backfill:w1:p0", "backfill:w2:p0");
        assertThat(products(events)).isEqualTo(4);
        API.verify(
                2, getRequestedFor(urlPathEqualTo("/backfill/items")).withQueryParam("updated_after", equalTo(DAY1)));
        API.verify(
                1, getRequestedFor(urlPathEqualTo("/backfill/items")).withQueryParam("updated_after", equalTo(DAY2)));
        API.verify(
                1, getRequestedFor(urlPathEqualTo("/backfill/items")).withQueryParam("updated_after", equalTo(DAY3)));
        API.verify(4, getRequestedFor(urlPathEqualTo("/backfill/items")));
        assertThat(done.stream().map(RunEvent.TaskDone::highWater).reduce(null, Cursors::max))
                .as("every window fetched: the run reaches the last window's end, past its last item")
                .isEqualTo(END);
        assertThat(done.stream()
                        .filter(task -> task.taskId().equals("backfill:w1:p0"))
                        .findFirst()
                        .orElseThrow()
                        .highWater())
                .as("a window without items still reports its end")
                .isEqualTo(DAY3);
    }

    @Test
    @Order(5)
    void pagesLeftUnfetchedByMaxPagesAreAnErrorSoTheCursorCannotPassThem() throws Exception {
        API.stubFor(get(urlPathEqualTo("/capped/items"))
                .withQueryParam("skip", equalTo("0"))
                .willReturn(okJson(page(4, item(1, T1), item(2, T3)))));

        List<RunEvent> events = run("capped");

        List<RunEvent.FetchFailed> errors = events.stream()
                .filter(RunEvent.FetchFailed.class::isInstance)
                .map(RunEvent.FetchFailed.class::cast)
                .toList();
        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo(ErrorKind.PAGES_CAPPED.wireName());
            assertThat(error.error()).contains("max-pages (1)", "cursor stays");
        });
        RunEvent.TaskDone done = counted(events).getFirst();
        assertThat(done.errors())
                .as("an error that is no invalid item: the processor holds the source's cursor")
                .isGreaterThan(done.stats().invalidItems());
        assertThat(products(events)).as("the page fetched is kept").isEqualTo(2);
        API.verify(1, getRequestedFor(urlPathEqualTo("/capped/items")));
    }

    private List<RunEvent> run() throws Exception {
        return run("changing");
    }

    private List<RunEvent> run(String source) throws Exception {
        HttpResponse<String> accepted = post("/api/runs", "{\"sources\":[\"" + source + "\"]}", KEY);
        assertThat(accepted.statusCode()).isEqualTo(202);
        String runId =
                PipelineJson.mapper().readTree(accepted.body()).get("runId").asString();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> send(HttpRequest.newBuilder(uri("/api/runs/" + runId)))
                        .body()
                        .contains("\"state\":\"FETCHED\""));
        return RunRecords.readAll(broker, Topics.RUNS).stream()
                .filter(r -> r.key().equals(runId))
                .map(r -> PipelineJson.mapper().readValue(r.value(), RunEvent.class))
                .toList();
    }

    private static RunEvent.Started started(List<RunEvent> events) {
        return events.stream()
                .filter(RunEvent.Started.class::isInstance)
                .map(RunEvent.Started.class::cast)
                .findFirst()
                .orElseThrow();
    }

    private static List<RunEvent.TaskDone> counted(List<RunEvent> events) {
        RunTasks tasks = new RunTasks();
        return events.stream()
                .filter(RunEvent.TaskDone.class::isInstance)
                .map(RunEvent.TaskDone.class::cast)
                .filter(tasks::done)
                .toList();
    }

    private static long products(List<RunEvent> events) {
        return counted(events).stream()
                .mapToLong(RunEvent.TaskDone::productsPublished)
                .sum();
    }

    private void writeState(SourceState state) throws Exception {
        Map<String, Object> props = KafkaTestUtils.producerProps(broker);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            Topics.SOURCE_STATE,
                            0,
                            state.source(),
                            PipelineJson.mapper().writeValueAsBytes(state)))
                    .get();
        }
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return PipelineJson.mapper().readTree(response.body());
    }

    private HttpResponse<String> post(String path, String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        return send(request);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
