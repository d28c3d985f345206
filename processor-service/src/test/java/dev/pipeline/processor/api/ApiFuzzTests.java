package dev.pipeline.processor.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.Topics;
import dev.pipeline.processor.ClosedBeforeItsDirectory;
import dev.pipeline.support.testing.RequestFuzzer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Random and malformed requests — random paths under /api, random methods, garbage bodies and
 * content types, huge ids, path traversal, invalid UTF-8 — over real HTTP: none gets a 5xx, and
 * no path reaches outside the output directory. The seed is printed; {@code -Dfuzz.seed=<seed>}
 * replays a run, {@code -Dfuzz.requests=<n>} (and {@code -Dfuzz.seconds}) makes a longer one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(
        partitions = 3,
        topics = {Topics.PRODUCTS, Topics.RUNS})
@TestPropertySource(properties = "server.address=127.0.0.1")
@ClosedBeforeItsDirectory
class ApiFuzzTests {

    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 1_200);
    private static final Duration BUDGET = Duration.ofSeconds(Long.getLong("fuzz.seconds", 60));
    private static final List<String> PATHS = List.of(
            "/api/runs/{id}",
            "/api/runs/{id}/report",
            "/api/runs",
            "/api/stats",
            "/api/stats/sources/{id}",
            "/api/stats/categories",
            "/api/catalog",
            "/api/catalog?limit={segment}",
            "/api/catalog?cursor={segment}",
            "/api/catalog?source={segment}",
            "/api/stats/{segment}",
            "/api/stats/sources/{segment}",
            "/api/{segment}",
            "/api/runs/{id}/{segment}",
            "/api/{segment}/{id}",
            "/api/runs/{segment}/../../{segment}",
            "/api",
            "/{segment}",
            "/actuator/{segment}",
            "/actuator/health/{segment}",
            "/v3/api-docs/{segment}",
            "/api/runs/..%2F..%2Fetc%2Fpasswd/report",
            "/api/runs/%2e%2e%2fsecret/report",
            "/api/runs/%C3%28/report");

    @TempDir
    static Path output;

    @LocalServerPort
    int port;

    @BeforeAll
    static void createOutput() throws IOException {
        Files.createDirectories(output.resolve("reports"));
        Files.writeString(output.resolve("secret.json"), "{\"secret\": true}");
        Files.writeString(output.resolve("reports/run-known.json"), "{\"summary\": {\"run_id\": \"run-known\"}}");
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add(
                "pipeline.processor.output-dir", () -> output.resolve("reports").toString());
        registry.add("pipeline.processor.work-dir", () -> output.resolve("work").toString());
    }

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

    /** Classics of path traversal and malformed requests: each a 4xx, and only a report is ever served. */
    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "GET|/api/runs/run-known/report||200",
                "GET|/api/runs/..%2Fsecret/report||400",
                "GET|/api/runs/%2e%2e%2fsecret/report||400",
                "GET|/api/runs/..%5Csecret/report||400",
                "GET|/api/runs/../secret/report||404",
                "GET|/api/runs/%2e%2e/secret.json||404",
                "GET|/api/runs/%C3%28/report||400",
                "GET|/api/runs/%00/report||400",
                "GET|/api/stats?%C3%28=%FF||400",
                "GET|/api/stats/categories?top=%FF||400",
                "GET|/api/catalog?cursor=..%2F..%2Fetc||400",
                "GET|/api/catalog?source=%C3%28||400",
                "POST|/api/stats|*/*|415",
                "DELETE|/api/runs/run-known||405"
            })
    void aKnownNastyRequestGetsAClientErrorAndNothingOutsideTheReports(
            String method, String path, String contentType, int status) throws Exception {
        Map<String, String> headers = contentType == null ? Map.of() : Map.of("Content-Type", contentType);
        RequestFuzzer.Request request =
                new RequestFuzzer.Request(method, path, headers, "{}".getBytes(StandardCharsets.UTF_8), true);
        assertThat(new RequestFuzzer(0, PATHS).send(request, port))
                .as(request.toString())
                .isEqualTo(status);
    }
}
