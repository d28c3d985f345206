package dev.pipeline.systemtest.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.cli.stack.LocalStack;
import dev.pipeline.cli.stack.PipelineHome;
import dev.pipeline.cli.stack.StackSettings;
import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.report.testing.ReportSchema;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * What a running deployment does with hostile uploads: the fetcher, the processor, the broker and
 * the stand-in upstream each their own process. Every hostile upload is refused with a 4xx or
 * ends in a report of its own; none is a 5xx, and none stops the runs that come after it — an
 * ordinary upload and an ordinary run over the configured sources are reported, and the
 * processor is still ready.
 */
class HostileInputIT {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path out;

    static LocalStack stack;

    @BeforeAll
    static void start() {
        PipelineHome home = PipelineHome.locate();
        home.requireArtifacts(true, true);
        stack = LocalStack.start(home, StackSettings.of(null, out), line -> System.out.println("[stack] " + line));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Timeout(400)
    void hostileUploadsAreRefusedOrReportedAndTheRunsAfterThemAreReportedToo() throws Exception {
        Map<String, HttpResponse<String>> hostile = new LinkedHashMap<>();
        hostile.put(
                "prices near Double.MAX_VALUE",
                upload(
                        "huge.json",
                        "application/json",
                        "[{\"id\":1,\"title\":\"a\",\"price\":1e308},{\"id\":2,\"title\":\"b\",\"price\":1e308}]"));
        hostile.put(
                "a price of 400 digits",
                upload(
                        "digits.json",
                        "application/json",
                        "[{\"id\":1,\"title\":\"a\",\"price\":1" + "0".repeat(400)
                                + "},{\"id\":2,\"title\":\"b\",\"price\":1}]"));
        hostile.put(
                "10,000 nested arrays",
                upload("deep.json", "application/json", "[" + "[".repeat(10_000) + "]".repeat(10_000) + "]"));
        hostile.put(
                "a title of 5 MB",
                upload(
                        "long.json",
                        "application/json",
                        "[{\"id\":1,\"title\":\"" + "x".repeat(5_000_000) + "\",\"price\":1}]"));
        hostile.put(
                "a CSV row of a million fields",
                upload("wide.csv", "text/csv", "id,title,price\n" + ",".repeat(1_000_000) + "\n"));
        hostile.put("a million zeros", upload("zeros.json", "application/json", "[" + "0,".repeat(1_000_000) + "0]"));

        hostile.forEach((what, response) -> assertThat(response.statusCode())
                .as(what + ": " + response.body())
                .isLessThan(500)
                .isGreaterThanOrEqualTo(200));
        for (Map.Entry<String, HttpResponse<String>> accepted : hostile.entrySet()) {
            if (accepted.getValue().statusCode() == 202) {
                String runId = runId(accepted.getValue());
                assertThat(awaitReport(runId).path("summary").path("run_id").asString())
                        .as(accepted.getKey())
                        .isEqualTo(runId);
            }
        }
        // Above the processor's price cap (pipeline.processor.max-price): errors of their run, nothing more.
        JsonNode huge = awaitReport(runId(hostile.get("prices near Double.MAX_VALUE")));
        assertThat(huge.path("errors")).hasSize(2).allSatisfy(error -> {
            assertThat(error.path("kind").asString()).isEqualTo("invalid_item");
            assertThat(error.path("error").asString()).contains("pipeline.processor.max-price");
        });

        JsonNode ordinary = awaitReport(
                runId(upload("fine.json", "application/json", "[{\"id\":\"x\",\"title\":\"fine\",\"price\":9.5}]")));
        assertThat(ordinary.path("summary").path("total_products").asInt()).isEqualTo(1);

        HttpResponse<String> run = HTTP.send(
                HttpRequest.newBuilder(stack.fetcherUrl().resolve("api/runs"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(run.statusCode()).as(run.body()).isEqualTo(202);
        assertThat(awaitReport(runId(run))
                        .path("summary")
                        .path("total_products")
                        .asInt())
                .isPositive();

        HttpResponse<String> ready = HTTP.send(
                HttpRequest.newBuilder(stack.processorUrl().resolve("actuator/health/readiness"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    }

    private static HttpResponse<String> upload(String name, String type, String content) throws Exception {
        String boundary = "----hostile-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + name
                        + "\"\r\nContent-Type: " + type + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HTTP.send(
                HttpRequest.newBuilder(stack.fetcherUrl().resolve("api/uploads"))
                        .timeout(Duration.ofMinutes(2))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String runId(HttpResponse<String> accepted) {
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return PipelineJson.mapper().readTree(accepted.body()).path("runId").asString();
    }

    private static JsonNode awaitReport(String runId) {
        Path file = out.resolve(runId + ".json");
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> Files.exists(file));
        return ReportSchema.readReport(file);
    }
}
