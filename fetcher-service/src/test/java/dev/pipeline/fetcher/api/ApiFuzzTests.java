package dev.pipeline.fetcher.api;

import dev.pipeline.support.testing.RequestFuzzer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.TestPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and malformed requests — random paths under /api, random methods, garbage bodies and
 * content types, huge ids, path traversal, invalid UTF-8 — over real HTTP: none gets a 5xx. The
 * seed is printed; {@code -Dfuzz.seed=<seed>} replays a run, {@code -Dfuzz.requests=<n>} (and
 * {@code -Dfuzz.seconds}) makes a longer one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 3)
@TestPropertySource(properties = {
        "server.address=127.0.0.1",
        // One source on a closed port: a run the fuzzer happens to start fails fast, far from any real host.
        "pipeline.sources[0].name=closed",
        "pipeline.sources[0].url=http://127.0.0.1:1/items",
        "spring.servlet.multipart.max-file-size=256KB",
        "spring.servlet.multipart.max-request-size=1MB"})
class ApiFuzzTests {

    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 1_200);
    private static final Duration BUDGET = Duration.ofSeconds(Long.getLong("fuzz.seconds", 60));
    private static final List<String> PATHS = List.of("/api/runs", "/api/runs/{id}", "/api/runs/{id}/events",
            "/api/uploads", "/api/uploads/{id}", "/api/{segment}", "/api/runs/{id}/{segment}", "/api/{segment}/{id}",
            "/api/runs/{segment}/../../{segment}", "/api", "/{segment}", "/actuator/{segment}",
            "/actuator/health/{segment}", "/v3/api-docs/{segment}", "/api/runs/..%2F..%2Fetc%2Fpasswd",
            "/api/runs/%2e%2e/%2e%2e/etc/passwd", "/api/runs/%C3%28", "/api/uploads/../runs");

    @LocalServerPort
    int port;

    @Test
    void noRequestGetsAServerError() throws Exception {
        RequestFuzzer fuzzer = RequestFuzzer.seeded(PATHS);
        RequestFuzzer.Barrage barrage = fuzzer.barrage(port, REQUESTS, BUDGET);
        assertThat(barrage.failures()).as(String.join("\n", barrage.failures())).hasSize(1);
        assertThat(barrage.sent()).as("requests sent within " + BUDGET).isEqualTo(REQUESTS);
        assertThat(fuzzer.send(new RequestFuzzer.Request("GET", "/actuator/health/liveness",
                Map.of(), new byte[0], false), port)).isEqualTo(200);
    }

    /** Requests the fuzzer once found answered with a 500, and a few classics: each a 4xx now. */
    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', value = {
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
            "POST|/api/runs|multipart/form-data|x|400"})
    void aKnownNastyRequestGetsAClientError(String method, String path, String contentType, String body, int status)
            throws Exception {
        Map<String, String> headers = contentType == null ? Map.of() : Map.of("Content-Type", contentType);
        RequestFuzzer.Request request = new RequestFuzzer.Request(method, path, headers,
                body.getBytes(StandardCharsets.UTF_8), true);
        assertThat(new RequestFuzzer(0, PATHS).send(request, port)).as(request.toString()).isEqualTo(status);
    }
}
