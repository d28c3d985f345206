package dev.pipeline.fetcher.api;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and malformed requests — random paths under /api, random methods, garbage bodies and
 * content types, huge ids, path traversal, invalid UTF-8 — over real HTTP: none gets a 5xx. The
 * seed is printed; {@code -Dfuzz.seed=<seed>} replays a run.
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

    private static final int REQUESTS = 1_200;
    private static final Duration BUDGET = Duration.ofSeconds(60);
    private static final List<String> PATHS = List.of("/api/runs", "/api/runs/{id}", "/api/runs/{id}/events",
            "/api/uploads", "/api/uploads/{id}", "/api/{segment}", "/api/runs/{id}/{segment}", "/api/{segment}/{id}",
            "/api/runs/{segment}/../../{segment}", "/api", "/{segment}", "/actuator/{segment}",
            "/actuator/health/{segment}", "/v3/api-docs/{segment}", "/api/runs/..%2F..%2Fetc%2Fpasswd",
            "/api/runs/%2e%2e/%2e%2e/etc/passwd", "/api/runs/%C3%28", "/api/uploads/../runs");

    @LocalServerPort
    int port;

    @Test
    void noRequestGetsAServerError() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("ApiFuzzTests seed: " + seed);
        RequestFuzzer fuzzer = new RequestFuzzer(seed, PATHS);
        List<String> failures = RequestFuzzer.failuresHeader(seed);
        long deadline = System.nanoTime() + BUDGET.toNanos();
        int sent = 0;
        while (sent < REQUESTS && System.nanoTime() < deadline) {
            RequestFuzzer.Request request = fuzzer.next();
            int status = fuzzer.send(request, port);
            sent++;
            if (status >= 500) {
                failures.add("#" + sent + " " + status + " for " + request);
            }
        }
        assertThat(failures).as(String.join("\n", failures)).hasSize(1);
        assertThat(sent).as("requests sent within " + BUDGET).isEqualTo(REQUESTS);
        assertThat(fuzzer.send(new RequestFuzzer.Request("GET", "/actuator/health/liveness",
                Map.of(), new byte[0], false), port)).isEqualTo(200);
    }
}
