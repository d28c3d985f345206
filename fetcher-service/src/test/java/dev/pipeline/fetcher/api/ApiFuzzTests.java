package dev.pipeline.fetcher.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.fetcher.MultipartBody;
import dev.pipeline.support.testing.RequestFuzzer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Random and malformed requests — random paths under /api, random methods, garbage bodies and
 * content types, huge ids, path traversal, invalid UTF-8 — over real HTTP: none gets a 5xx. The
 * seed is printed; {@code -Dfuzz.seed=<seed>} replays a run, {@code -Dfuzz.requests=<n>} (and
 * {@code -Dfuzz.seconds}) makes a longer one. And hostile upload contents — numbers beyond any
 * double, deep nesting, huge strings, a CSV row of a million fields, floods of invalid items — each
 * get a 4xx, or a run that ends with errors (at most {@code max-item-errors} + 1 of them), in time.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 3)
@TestPropertySource(
        properties = {
            "server.address=127.0.0.1",
            // One source on a closed port: a run the fuzzer happens to start fails fast, far from any real host.
            "pipeline.sources[0].name=closed",
            "pipeline.sources[0].url=http://127.0.0.1:1/items",
            // Large enough that the hostile uploads below reach the parsers instead of the size limits.
            "spring.servlet.multipart.max-file-size=12MB",
            "spring.servlet.multipart.max-request-size=24MB"
        })
class ApiFuzzTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 1_200);
    private static final Duration BUDGET = Duration.ofSeconds(Long.getLong("fuzz.seconds", 60));
    private static final List<String> PATHS = List.of(
            "/api/runs",
            "/api/runs/{id}",
            "/api/runs/{id}/events",
            "/api/uploads",
            "/api/uploads/{id}",
            "/api/{segment}",
            "/api/runs/{id}/{segment}",
            "/api/{segment}/{id}",
            "/api/runs/{segment}/../../{segment}",
            "/api",
            "/{segment}",
            "/actuator/{segment}",
            "/actuator/health/{segment}",
            "/v3/api-docs/{segment}",
            "/api/runs/..%2F..%2Fetc%2Fpasswd",
            "/api/runs/%2e%2e/%2e%2e/etc/passwd",
            "/api/runs/%C3%28",
            "/api/uploads/../runs");

    @LocalServerPort
    int port;

    @Test
    void noRequestGetsAServerError() throws Exception {
        RequestFuzzer fuzzer = RequestFuzzer.seeded(PATHS);
        RequestFuzzer.Barrage barrage = fuzzer.barrage(port, REQUESTS, BUDGET);
        assertThat(barrage.failures()).as(String.join("\n", barrage.failures())).hasSize(1);
        assertThat(barrage.sent()).as("requests sent within " + BUDGET).isEqualTo(REQUESTS);
        assertThat(fuzzer.send(
                        new RequestFuzzer.Request("GET", "/actuator/health/liveness", Map.of(), new byte[0], false),
                        port))
                .isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileUploads")
    void aHostileUploadGetsAClientErrorOrARunThatEndsWithItsErrorsInTime(
            String what, String fileName, Supplier<byte[]> content) throws Exception {
        MultipartBody body = new MultipartBody()
                .file("files", fileName, fileName.endsWith(".csv") ? "text/csv" : "application/json", content.get());
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(uri("/api/uploads"))
                        .header("Content-Type", body.contentType())
                        .timeout(Duration.ofSeconds(60))
                        .POST(body.publisher())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(what + ": " + answer.body()).isIn(202, 400, 413, 415, 429);
        if (answer.statusCode() != 202) {
            assertThat(answer.headers().firstValue("Content-Type")).contains("application/problem+json");
            return;
        }
        String runId =
                PipelineJson.mapper().readTree(answer.body()).get("runId").asString();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !state(runId).get("state").asString().equals("RUNNING"));
        JsonNode run = state(runId);
        assertThat(run.get("state").asString()).as(what).isIn("FETCHED", "FAILED");
        if (run.get("state").asString().equals("FETCHED")) {
            assertThat(run.at("/sources/0/errors").asLong())
                    .as(what + ": errors")
                    .isBetween(1L, 101L);
        }
    }

    static Stream<Arguments> hostileUploads() {
        String nines = "9".repeat(400);
        return Stream.of(
                hostile(
                        "a price beyond any double",
                        "a.json",
                        () -> "[{\"id\": 1, \"title\": \"x\", \"price\": 1e400}]"),
                hostile(
                        "a price of 400 digits",
                        "a.json",
                        () -> "[{\"id\": 1, \"title\": \"x\", \"price\": " + nines + "}]"),
                hostile("an id of 400 digits", "a.json", () -> "[{\"id\": " + nines + ", \"title\": \"x\"}]"),
                hostile(
                        "a number of 100,000 digits",
                        "a.json",
                        () -> "[{\"id\": 1, \"title\": \"x\", \"price\": " + "9".repeat(100_000) + "}]"),
                hostile("10,000 nested arrays", "a.json", () -> "[".repeat(10_000) + "]".repeat(10_000)),
                hostile(
                        "10,000 nested arrays in an item",
                        "a.json",
                        () -> "[{\"id\": 1, \"title\": \"x\", \"deep\": " + "[".repeat(10_000) + "]".repeat(10_000)
                                + "}]"),
                hostile("a 10 MB title", "a.json", () -> "[{\"id\": 1, \"title\": \"" + "t".repeat(10 << 20) + "\"}]"),
                hostile("a CSV row of a million fields", "a.csv", () -> "id,title\n" + "1,".repeat(1_000_000) + "1\n"),
                hostile("a CSV field of 10 MB", "a.csv", () -> "id,title\n1,\"" + "f".repeat(10 << 20) + "\"\n"),
                hostile("50,000 invalid items", "a.json", () -> "[" + "0,".repeat(49_999) + "0]"),
                hostile("150,000 items", "a.json", () -> "[" + "0,".repeat(149_999) + "0]"));
    }

    private static Arguments hostile(String what, String fileName, Supplier<String> content) {
        return Arguments.of(
                what, fileName, (Supplier<byte[]>) () -> content.get().getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode state(String runId) throws Exception {
        return PipelineJson.mapper()
                .readTree(HTTP.send(
                                HttpRequest.newBuilder(uri("/api/runs/" + runId))
                                        .timeout(Duration.ofSeconds(10))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Requests the fuzzer once found answered with a 500, and a few classics: each a 4xx now. */
    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "POST|/api/runs|*/*|{}|415",
                "POST|/api/uploads|application/*|{}|415",
                "GET|/actuator/health?%C3%28=%FF||''|400",
                "GET|/api/runs?%C3%28=%FF||''|400",
                "GET|/api/runs/..%2F..%2Fetc%2Fpasswd||''|400",
                "GET|/api/runs/%2e%2e/%2e%2e/etc/passwd||''|404",
                "GET|/api/runs/%C3%28||''|400",
                "GET|/api/runs/%00||''|400",
                "PUT|/api/runs|application/x-www-form-urlencoded|a=%ZZ|405",
                "POST|/api/runs|application/json; charset=bogus|{}|415",
                "POST|/api/runs|multipart/form-data|x|400"
            })
    void aKnownNastyRequestGetsAClientError(String method, String path, String contentType, String body, int status)
            throws Exception {
        Map<String, String> headers = contentType == null ? Map.of() : Map.of("Content-Type", contentType);
        RequestFuzzer.Request request =
                new RequestFuzzer.Request(method, path, headers, body.getBytes(StandardCharsets.UTF_8), true);
        assertThat(new RequestFuzzer(0, PATHS).send(request, port))
                .as(request.toString())
                .isEqualTo(status);
    }
}
