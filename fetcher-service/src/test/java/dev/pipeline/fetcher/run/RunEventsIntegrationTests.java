package dev.pipeline.fetcher.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.upstream.Settings;
import dev.pipeline.upstream.StandInUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/runs/{id}/events} during a real run (stand-in upstream over HTTP, in-process
 * broker): the progress as Server-Sent Events, then the end; and the run counted in the metrics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 3)
class RunEventsIntegrationTests {

    private static final StandInUpstream UPSTREAM = StandInUpstream.start(0, Settings.defaults());
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void upstream(DynamicPropertyRegistry registry) {
        registry.add("pipeline.upstream-url", UPSTREAM::baseUrl);
    }

    @AfterAll
    static void stopUpstream() {
        UPSTREAM.close();
    }

    @Test
    void aWatcherSeesTheRunProgressAsItChangesThenItsEnd() throws Exception {
        UPSTREAM.faults().reset();
        String runId = start();

        HttpResponse<Stream<String>> stream = HTTP.send(
                HttpRequest.newBuilder(uri("/api/runs/" + runId + "/events"))
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        List<Event> events =
                CompletableFuture.supplyAsync(() -> Event.parse(stream.body())).get(60, TimeUnit.SECONDS);

        List<Event> progress = events.subList(0, events.size() - 1);
        assertThat(progress)
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(e -> assertThat(e.name()).isEqualTo("progress"));
        assertThat(progress.getFirst().data().get("state").asString()).isEqualTo("RUNNING");
        assertThat(progress).extracting(e -> e.data().toString()).doesNotHaveDuplicates();
        assertThat(progress).extracting(e -> itemsOf(e.data())).isSorted();
        Event end = events.getLast();
        assertThat(end.name()).isEqualTo("end");
        assertThat(end.data().get("runId").asString()).isEqualTo(runId);
        assertThat(end.data().get("state").asString()).isEqualTo("FETCHED");
        assertThat(end.data()).isEqualTo(progress.getLast().data());
        assertThat(itemsOf(end.data())).isEqualTo(194 + 100 + 12 + 18);
        assertThat(end.data().get("sources"))
                .allSatisfy(source -> assertThat(source.get("state").asString()).isEqualTo("FINISHED"));
        assertThat(events)
                .extracting(Event::id)
                .containsExactlyElementsOf(Stream.iterate(1, i -> i + 1)
                        .limit(events.size())
                        .map(String::valueOf)
                        .toList());
    }

    @Test
    void aFinishedRunStreamsItsLastStateAndEndsAtOnce() throws Exception {
        String runId = start();
        awaitFetched(runId);

        HttpResponse<Stream<String>> stream = HTTP.send(
                HttpRequest.newBuilder(uri("/api/runs/" + runId + "/events")).build(),
                HttpResponse.BodyHandlers.ofLines());
        List<Event> events =
                CompletableFuture.supplyAsync(() -> Event.parse(stream.body())).get(10, TimeUnit.SECONDS);

        assertThat(events).extracting(Event::name).containsExactly("progress", "end");
        assertThat(events).extracting(e -> e.data().get("state").asString()).containsExactly("FETCHED", "FETCHED");
    }

    @Test
    void anUnknownRunIsNotFoundAndAnInvalidIdABadRequest() throws Exception {
        HttpResponse<String> unknown = get("/api/runs/run-nope/events");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(PipelineJson.mapper().readTree(unknown.body()).get("detail").asString())
                .isEqualTo("no run run-nope here");

        HttpResponse<String> invalid = get("/api/runs/bad%20id!/events");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(PipelineJson.mapper().readTree(invalid.body()).get("detail").asString())
                .isEqualTo("a run id is 1-64 letters, digits, '-' or '_', starting with a letter or digit");
    }

    @Test
    void aFinishedRunIsCountedInTheMetricsPerSource() throws Exception {
        String runId = start();
        awaitFetched(runId);

        String metrics = get("/actuator/prometheus").body();
        assertThat(metrics)
                .containsPattern("pipeline_runs_started_total(\\{[^}]*})? [1-9]")
                .containsPattern("pipeline_runs_finished_total\\{[^}]*state=\"fetched\"[^}]*} [1-9]")
                .containsPattern("pipeline_source_requests_total\\{[^}]*source=\"dummyjson\"[^}]*} [1-9]")
                .containsPattern("pipeline_source_items_total\\{[^}]*source=\"reqres\"[^}]*} [1-9]")
                .containsPattern("pipeline_source_errors_total\\{[^}]*source=\"faulty\"[^}]*} [1-9]");
    }

    private static long itemsOf(JsonNode run) {
        long items = 0;
        for (JsonNode source : run.get("sources")) {
            items += source.get("items").asLong();
        }
        return items;
    }

    private String start() throws Exception {
        HttpResponse<String> accepted = HTTP.send(
                HttpRequest.newBuilder(uri("/api/runs"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).isEqualTo(202);
        return PipelineJson.mapper().readTree(accepted.body()).get("runId").asString();
    }

    private void awaitFetched(String runId) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> get("/api/runs/" + runId).body().contains("\"state\":\"FETCHED\""));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** One Server-Sent Event: its name, id and JSON data. */
    record Event(String name, String id, JsonNode data) {

        static List<Event> parse(Stream<String> lines) {
            List<Event> events = new ArrayList<>();
            String name = "message";
            String id = null;
            StringBuilder data = new StringBuilder();
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(name, id, PipelineJson.mapper().readTree(data.toString())));
                    }
                    name = "message";
                    id = null;
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    name = line.substring("event:".length()).strip();
                } else if (line.startsWith("id:")) {
                    id = line.substring("id:".length()).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring("data:".length()));
                }
            }
            return events;
        }
    }
}
