package dev.pipeline.fetcher.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.fetcher.MultipartBody;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Every request body has a size limit ({@code pipeline.api.max-body-size}, 1MB by default), JSON
 * too, whether its length is declared or it is streamed; uploads keep their own multipart limits.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 3)
@TestPropertySource(
        properties = {"pipeline.sources[0].name=closed", "pipeline.sources[0].url=http://127.0.0.1:1/items"})
class BodySizeIntegrationTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TOO_LARGE = "the request body is larger than the 1MB a request may have here";

    @LocalServerPort
    int port;

    @Test
    void aJsonBodyOverTheLimitIsContentTooLarge() throws Exception {
        HttpResponse<String> refused = post(HttpRequest.BodyPublishers.ofByteArray(runRequest(1024 * 1024 + 1)));

        assertProblem(refused, 413, TOO_LARGE);
    }

    @Test
    void aStreamedJsonBodyOverTheLimitIsContentTooLarge() throws Exception {
        byte[] body = runRequest(2 * 1024 * 1024);
        HttpResponse<String> refused =
                post(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));

        assertProblem(refused, 413, TOO_LARGE);
    }

    @Test
    void aJsonBodyWithinTheLimitIsRead() throws Exception {
        assertThat(post(HttpRequest.BodyPublishers.ofByteArray(runRequest(1024 * 1024)))
                        .statusCode())
                .isEqualTo(202);
        byte[] streamed = runRequest(1024 * 1024);
        assertThat(post(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(streamed)))
                        .statusCode())
                .isEqualTo(202);
    }

    @Test
    void anUploadLargerThanTheLimitIsTakenWithinItsOwnLimits() throws Exception {
        String title = "t".repeat(900);
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < 2_000; i++) {
            items.append(i == 0 ? "" : ",")
                    .append("{\"id\":")
                    .append(i)
                    .append(",\"title\":\"")
                    .append(title)
                    .append("\"}");
        }
        MultipartBody body = new MultipartBody()
                .file("files", "big.json", "application/json", items.append("]").toString());
        HttpResponse<String> accepted = HTTP.send(
                HttpRequest.newBuilder(uri("/api/uploads"))
                        .header("Content-Type", body.contentType())
                        .POST(body.publisher())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    }

    /** {@code {"sources": ["closed"]}} padded with spaces to exactly {@code size} bytes. */
    private static byte[] runRequest(int size) {
        String json = "{\"sources\": [\"closed\"]}";
        return (json + " ".repeat(size - json.length())).getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> post(HttpRequest.BodyPublisher body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(uri("/api/runs"))
                        .header("Content-Type", "application/json")
                        .POST(body)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode problem = PipelineJson.mapper().readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asString()).isEqualTo(detail);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
