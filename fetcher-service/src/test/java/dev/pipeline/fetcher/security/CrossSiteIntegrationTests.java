package dev.pipeline.fetcher.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.fetcher.MultipartBody;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A web page a developer happens to visit must not be able to start runs or post uploads to a
 * pipeline on their machine, API key or not: a mutating request that a browser marks as coming
 * from another origin or site is refused; requests without those marks (curl, the CLI) and from
 * the service's own origin pass, and reads stay open.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 3)
@TestPropertySource(
        properties = {"pipeline.sources[0].name=closed", "pipeline.sources[0].url=http://127.0.0.1:1/items"})
class CrossSiteIntegrationTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String FROM_ANOTHER_ORIGIN = "a request from another web origin may not change anything here "
            + "(its Origin header names another scheme, host or port)";
    private static final String FROM_ANOTHER_SITE =
            "a request from another site may not change anything here " + "(Sec-Fetch-Site: cross-site)";

    @LocalServerPort
    int port;

    @Test
    void aRunStartFromAnotherOriginIsForbiddenWithoutAnApiKeyAndStartsNothing() throws Exception {
        int runsBefore = runs();
        for (String origin : List.of(
                "http://evil.example",
                "https://127.0.0.1:" + port,
                "http://127.0.0.1:" + (port + 1),
                "http://localhost:" + port,
                "null")) {
            assertForbidden(send("POST", "/api/runs", Map.of("Origin", origin), "{}"), FROM_ANOTHER_ORIGIN);
        }
        for (String method : List.of("PUT", "PATCH", "DELETE")) {
            assertForbidden(
                    send(method, "/api/runs", Map.of("Origin", "http://evil.example"), "{}"), FROM_ANOTHER_ORIGIN);
        }
        assertForbidden(send("POST", "/api/runs", Map.of("Sec-Fetch-Site", "cross-site"), "{}"), FROM_ANOTHER_SITE);
        assertThat(runs()).isEqualTo(runsBefore);
    }

    @Test
    void anUploadFromAnotherSiteIsForbidden() throws Exception {
        int runsBefore = runs();
        MultipartBody body =
                new MultipartBody().file("files", "a.json", "application/json", "[{\"id\":1,\"title\":\"x\"}]");
        HttpResponse<String> refused = HTTP.send(
                HttpRequest.newBuilder(uri("/api/uploads"))
                        .header("Content-Type", body.contentType())
                        .header("Sec-Fetch-Site", "cross-site")
                        .header("Origin", "http://evil.example")
                        .POST(body.publisher())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertForbidden(refused, FROM_ANOTHER_SITE);
        assertThat(runs()).isEqualTo(runsBefore);
    }

    @Test
    void requestsFromTheServicesOwnOriginOrWithoutABrowsersMarksAreLetThrough() throws Exception {
        List<Map<String, String>> allowed = List.of(
                Map.of(),
                Map.of("Origin", "http://127.0.0.1:" + port),
                Map.of("Origin", "HTTP://127.0.0.1:" + port, "Sec-Fetch-Site", "same-origin"),
                Map.of("Sec-Fetch-Site", "none"));
        for (Map<String, String> headers : allowed) {
            HttpResponse<String> accepted = send("POST", "/api/runs", headers, "{}");
            assertThat(accepted.statusCode())
                    .as(headers + ": " + accepted.body())
                    .isEqualTo(202);
        }
    }

    @Test
    void readsFromAnotherOriginStayOpen() throws Exception {
        Map<String, String> crossSite = Map.of("Origin", "http://evil.example", "Sec-Fetch-Site", "cross-site");
        for (String path : List.of("/api/runs", "/actuator/health/liveness", "/v3/api-docs")) {
            assertThat(send("GET", path, crossSite, null).statusCode()).as(path).isEqualTo(200);
        }
    }

    private int runs() throws Exception {
        return PipelineJson.mapper()
                .readTree(send("GET", "/api/runs", Map.of(), null).body())
                .size();
    }

    private static void assertForbidden(HttpResponse<String> response, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode problem = PipelineJson.mapper().readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(403);
        assertThat(problem.get("detail").asString()).isEqualTo(detail);
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> headers, String json)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
