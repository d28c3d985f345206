package dev.pipeline.fetcher.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.SourceStats;
import dev.pipeline.common.Topics;
import dev.pipeline.fetcher.MultipartBody;
import dev.pipeline.fetcher.RunRecords;
import dev.pipeline.fetcher.run.RunLauncher;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * What one upload may cost, on a real broker, with small limits: items per upload, listed invalid
 * items, uploads at once, CSV fields per row and characters per field. Over a limit, an upload is
 * refused before anything of it is published, or its excess is summed up in one error.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 3)
@TestPropertySource(
        properties = {
            "pipeline.upload.max-items=10",
            "pipeline.upload.max-item-errors=3",
            "pipeline.upload.max-concurrent=2",
            "pipeline.upload.csv-max-fields=5",
            "pipeline.upload.csv-max-field-length=20",
            "pipeline.upstream-url=http://127.0.0.1:1"
        })
class UploadLimitsIntegrationTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    RunLauncher launcher;

    @LocalServerPort
    int port;

    @Test
    void anUploadOfMoreItemsThanTheCapIsContentTooLargeAndPublishesNothing() throws Exception {
        int runsBefore = runs().size();
        HttpResponse<String> refused = upload(new MultipartBody()
                .file("files", "a.json", "application/json", items("cap-a", 6))
                .file(
                        "files",
                        "b.csv",
                        "text/csv",
                        "id,title\n"
                                + IntStream.rangeClosed(1, 6)
                                        .mapToObj(i -> "cap-b" + i + ",Item " + i + "\n")
                                        .collect(Collectors.joining())));

        assertProblem(refused, 413, "this upload holds 12 items; at most 10 are taken in one upload");
        assertThat(runs()).hasSize(runsBefore);
        assertThat(RunRecords.readAll(broker, Topics.PRODUCTS))
                .noneMatch(r -> r.key().startsWith("upload:cap-"));
    }

    @Test
    void anUploadOfExactlyTheCapIsTaken() throws Exception {
        String runId =
                accepted(upload(new MultipartBody().file("files", "ten.json", "application/json", items("ten-", 10))));

        assertThat(fetched(runId).products()).hasSize(10);
    }

    @Test
    void invalidItemsBeyondTheFirstFewAreSummedUpInOneError() throws Exception {
        String runId = accepted(upload(new MultipartBody()
                .file(
                        "files",
                        "zeros.json",
                        "application/json",
                        "[0, 0, 0, 0, {\"id\": \"z-ok\", \"title\": \"Fine\"}, 0]")
                .file("files", "rows.csv", "text/csv", "id,title\nr1\nr2,Fine\nr3\n")));

        RunRecords run = fetched(runId);
        assertThat(run.errors())
                .extracting(RunEvent.FetchFailed::endpoint, RunEvent.FetchFailed::kind, RunEvent.FetchFailed::error)
                .containsExactly(
                        tuple("upload:zeros.json", "invalid_item", "item 1: item is not a JSON object"),
                        tuple("upload:zeros.json", "invalid_item", "item 2: item is not a JSON object"),
                        tuple("upload:zeros.json", "invalid_item", "item 3: item is not a JSON object"),
                        tuple(
                                "upload",
                                "invalid_item",
                                "and 4 more invalid items (2 in zeros.json, 2 in rows.csv): "
                                        + "only the first 3 of an upload are listed"));
        assertThat(run.stats("upload")).isEqualTo(new SourceStats(0, 0, 0, 0, 9, 7));
        assertThat(run.products()).extracting(ProductRecord::key).containsExactlyInAnyOrder("upload:z-ok", "upload:r2");
    }

    @Test
    void moreUploadsAtOnceThanAllowedAreTooManyRequestsWithRetryAfter() throws Exception {
        List<String> held = new java.util.ArrayList<>();
        try (HeldUpload first = new HeldUpload("held-1");
                HeldUpload second = new HeldUpload("held-2")) {
            // Both held uploads are in (their bodies not yet sent) once a third is refused.
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                HttpResponse<String> third =
                        upload(new MultipartBody().file("files", "third.json", "application/json", items("third-", 1)));
                if (third.statusCode() == 202) {
                    awaitState(accepted(third), "FETCHED");
                    return false;
                }
                assertProblem(third, 429, "2 uploads are already in progress here; try again in a few seconds");
                assertThat(third.headers().firstValue("Retry-After")).contains("5");
                return true;
            });
            held.add(first.finish());
            held.add(second.finish());
        }
        for (String runId : held) {
            awaitState(runId, "FETCHED");
        }
        // Their places are free again: the next upload is taken.
        awaitState(
                accepted(upload(
                        new MultipartBody().file("files", "after.json", "application/json", items("after-", 1)))),
                "FETCHED");
    }

    @Test
    void aCsvRowOverTheFieldLimitsIsAnInvalidItemAndTheRestOfTheFileIsKept() throws Exception {
        String runId = accepted(upload(new MultipartBody()
                .file(
                        "files",
                        "wide.csv",
                        "text/csv",
                        "id,title,price\n"
                                + "w1,One,1\n"
                                + "w2,Two,2,3,4,5,6,7\n"
                                + "w3," + "x".repeat(21) + ",3\n"
                                + "w4,\"" + "y".repeat(5_000) + "\",4\n"
                                + "w5,Five,5\n")
                .file("files", "wide-header.csv", "text/csv", "a,b,c,d,e,f\n1,2,3,4,5,6\n")));

        RunRecords run = fetched(runId);
        assertThat(run.products()).extracting(ProductRecord::key).containsExactlyInAnyOrder("upload:w1", "upload:w5");
        assertThat(run.errors())
                .extracting(RunEvent.FetchFailed::endpoint, RunEvent.FetchFailed::kind, RunEvent.FetchFailed::error)
                .containsExactly(
                        tuple("upload:wide.csv", "invalid_item", "row 2 has more than 5 fields"),
                        tuple("upload:wide.csv", "invalid_item", "row 3: field 2 is longer than 20 characters"),
                        tuple("upload:wide.csv", "invalid_item", "row 4: field 2 is longer than 20 characters"),
                        tuple(
                                "upload:wide-header.csv",
                                "malformed_page",
                                "line 1: the header row has more than 5 fields"));
    }

    @Test
    void anErrorWhilePublishingAnUploadFailsItsRunAndIsNotSwallowed() throws Exception {
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        CompletableFuture<Throwable> uncaught = new CompletableFuture<>();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> uncaught.complete(error));
        try {
            String runId = launcher.start("upload", (output, counters) -> {
                        throw new OutOfMemoryError("simulated");
                    })
                    .runId();

            // Awaitility would take the Error from the thread and throw it here: this test wants to see where it goes.
            await().dontCatchUncaughtExceptions()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> get("/api/runs/" + runId).body().contains("\"state\":\"FAILED\""));
            JsonNode run =
                    PipelineJson.mapper().readTree(get("/api/runs/" + runId).body());
            assertThat(run.get("failure").asString()).isEqualTo("java.lang.OutOfMemoryError: simulated");
            assertThat(uncaught.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(OutOfMemoryError.class)
                    .hasMessage("simulated");
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
        // Its transaction was aborted, not left open on a producer the next upload would get.
        awaitState(
                accepted(upload(new MultipartBody().file("files", "next.json", "application/json", items("next-", 1)))),
                "FETCHED");
    }

    /**
     * An upload written on a socket up to the first bytes of its body, which the service waits for:
     * it holds its place until {@link #finish} sends the rest.
     */
    private final class HeldUpload implements AutoCloseable {

        private final Socket socket = new Socket();
        private final byte[] rest;

        HeldUpload(String prefix) throws IOException {
            MultipartBody body =
                    new MultipartBody().file("files", prefix + ".json", "application/json", items(prefix, 1));
            byte[] content = body.bytes();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("POST /api/uploads HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: " + body.contentType()
                                    + "\r\nContent-Length: " + content.length + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            out.write(content, 0, 10);
            out.flush();
            rest = java.util.Arrays.copyOfRange(content, 10, content.length);
        }

        /** Sends the rest of the body; answers the run id of the 202. */
        String finish() throws IOException {
            socket.getOutputStream().write(rest);
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 202 ");
            java.util.regex.Matcher runId =
                    java.util.regex.Pattern.compile("\"runId\":\"([^\"]+)\"").matcher(answer);
            assertThat(runId.find()).as(answer).isTrue();
            return runId.group(1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static String items(String prefix, int count) {
        return IntStream.rangeClosed(1, count)
                .mapToObj(i -> "{\"id\": \"" + prefix + i + "\", \"title\": \"Item " + i + "\"}")
                .collect(Collectors.joining(",", "[", "]"));
    }

    private RunRecords fetched(String runId) throws Exception {
        awaitState(runId, "FETCHED");
        List<ProductRecord> products = RunRecords.readAll(broker, Topics.PRODUCTS).stream()
                .map(r -> PipelineJson.mapper().readValue(r.value(), ProductRecord.class))
                .filter(p -> p.runId().equals(runId))
                .toList();
        List<RunEvent> events = RunRecords.readAll(broker, Topics.RUNS).stream()
                .filter(r -> r.key().equals(runId))
                .map(r -> PipelineJson.mapper().readValue(r.value(), RunEvent.class))
                .toList();
        return new RunRecords(products, events);
    }

    private JsonNode awaitState(String runId, String state) throws Exception {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> get("/api/runs/" + runId).body().contains("\"state\":\"" + state + "\""));
        return PipelineJson.mapper().readTree(get("/api/runs/" + runId).body());
    }

    private static String accepted(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return PipelineJson.mapper().readTree(response.body()).get("runId").asString();
    }

    private List<JsonNode> runs() throws Exception {
        List<JsonNode> runs = new java.util.ArrayList<>();
        PipelineJson.mapper().readTree(get("/api/runs").body()).forEach(runs::add);
        return runs;
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode problem = PipelineJson.mapper().readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asString()).isEqualTo(detail);
    }

    private HttpResponse<String> upload(MultipartBody body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(uri("/api/uploads"))
                        .header("Content-Type", body.contentType())
                        .POST(body.publisher())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
