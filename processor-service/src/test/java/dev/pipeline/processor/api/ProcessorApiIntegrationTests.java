package dev.pipeline.processor.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import tools.jackson.databind.JsonNode;

/**
 * The processor's API edges over real HTTP, with an API key configured: problems for bad
 * requests, the key on mutating requests only, the OpenAPI description, and probes whose
 * readiness asks the broker.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pipeline.security.api-key=" + ProcessorApiIntegrationTests.KEY)
@EmbeddedKafka(
        partitions = 3,
        topics = {Topics.PRODUCTS, Topics.RUNS})
@ExtendWith(OutputCaptureExtension.class)
class ProcessorApiIntegrationTests {

    static final String KEY = "processor-key-0815";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Nested
    class Problems {

        @Test
        void anInvalidRunIdIsABadRequest() throws Exception {
            assertProblem(
                    send("GET", "/api/runs/bad%20id!", null, null),
                    400,
                    "a run id is 1-64 letters, digits, '-' or '_', starting with a letter or digit");
            assertProblem(
                    send("GET", "/api/runs/%24%7Bjndi%3Aldap%7D/report", null, null),
                    400,
                    "a run id is 1-64 letters, digits, '-' or '_', starting with a letter or digit");
        }

        @Test
        void aPathTraversalIsRefusedBeforeItReachesTheApi() throws Exception {
            // Tomcat itself rejects an encoded slash (a 400 of its own, not a problem document).
            assertThat(send("GET", "/api/runs/..%2F..%2Fetc%2Fpasswd/report", null, null)
                            .statusCode())
                    .isEqualTo(400);
        }

        @Test
        void anUnknownRunAndAMissingReportAreNotFound() throws Exception {
            assertProblem(send("GET", "/api/runs/run-unknown", null, null), 404, "no run run-unknown here");
            assertProblem(
                    send("GET", "/api/runs/run-unknown/report", null, null),
                    404,
                    "run run-unknown has no report (yet)");
        }

        @Test
        void anotherMethodIsNotAllowed() throws Exception {
            assertProblem(send("DELETE", "/api/runs/run-unknown", KEY, null), 405, "Method 'DELETE' is not supported.");
        }

        @Test
        void aWildcardContentTypeIsUnsupported() throws Exception {
            HttpResponse<String> refused = HTTP.send(
                    HttpRequest.newBuilder(uri("/api/stats"))
                            .header("X-API-Key", KEY)
                            .header("Content-Type", "application/*")
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertProblem(refused, 415, "a request body's Content-Type must name one media type, not a wildcard");
        }
    }

    @Nested
    class ApiKey {

        @Test
        void aMutatingRequestWithoutTheKeyOrWithAWrongOneIsUnauthorized() throws Exception {
            for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
                assertProblem(
                        send(method, "/api/stats", null, "{}"),
                        401,
                        "this request needs an API key in the X-API-Key header");
                assertProblem(
                        send(method, "/api/stats", KEY + "!", "{}"),
                        401,
                        "the API key is not valid in the X-API-Key header");
            }
        }

        @Test
        void withTheKeyTheRequestGoesThroughToTheApi() throws Exception {
            assertProblem(send("POST", "/api/stats", KEY, "{}"), 405, "Method 'POST' is not supported.");
        }

        @Test
        void readsStayOpenAndTheKeyIsNeverLogged(CapturedOutput output) throws Exception {
            for (String path : List.of("/api/stats", "/api/stats/categories", "/actuator/health", "/v3/api-docs")) {
                assertThat(send("GET", path, null, null).statusCode()).as(path).isEqualTo(200);
            }
            send("POST", "/api/stats", KEY, "{}");
            assertThat(output.getAll()).doesNotContain(KEY);
        }
    }

    @Nested
    class Edges {

        private static final String TOO_LARGE = "the request body is larger than the 1MB a request may have here";

        @Test
        void aBodyOverTheLimitIsContentTooLargeOnAnyEndpoint() throws Exception {
            String large = "[" + " ".repeat(1024 * 1024) + "]";
            assertProblem(send("POST", "/api/stats", KEY, large), 413, TOO_LARGE);
            assertProblem(send("GET", "/api/stats", null, large), 413, TOO_LARGE);
        }

        @Test
        void aMutatingRequestFromAnotherOriginIsForbiddenEvenWithTheKey() throws Exception {
            HttpResponse<String> refused = HTTP.send(
                    HttpRequest.newBuilder(uri("/api/stats"))
                            .header("X-API-Key", KEY)
                            .header("Origin", "http://evil.example")
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertProblem(
                    refused,
                    403,
                    "a request from another web origin may not change anything here "
                            + "(its Origin header names another scheme, host or port)");
        }
    }

    @Nested
    class Operations {

        @Test
        void theOpenApiDocumentDescribesTheReadEndpoints() throws Exception {
            JsonNode api = PipelineJson.mapper()
                    .readTree(send("GET", "/v3/api-docs", null, null).body());
            assertThat(api.at("/info/title").asString()).isEqualTo("Pipeline processor");
            assertThat(api.get("paths").propertyNames())
                    .contains(
                            "/api/runs/{runId}",
                            "/api/runs/{runId}/report",
                            "/api/stats",
                            "/api/stats/sources/{source}",
                            "/api/stats/categories",
                            "/api/catalog");
            assertThat(send("GET", "/swagger-ui/index.html", null, null).statusCode())
                    .isEqualTo(200);
        }

        @Test
        void readinessIsUpWhenKafkaAnswersAndReportsCanBeWritten() throws Exception {
            JsonNode readiness = PipelineJson.mapper()
                    .readTree(send("GET", "/actuator/health/readiness", null, null)
                            .body());
            assertThat(readiness.get("status").asString()).isEqualTo("UP");
            assertThat(readiness.get("components").propertyNames())
                    .containsExactlyInAnyOrder("readinessState", "kafka", "reports");
            assertThat(readiness.at("/components/kafka/status").asString()).isEqualTo("UP");
            assertThat(readiness.at("/components/reports/status").asString()).isEqualTo("UP");
            assertThat(send("GET", "/actuator/health/liveness", null, null).statusCode())
                    .isEqualTo(200);
        }

        @Test
        void onlyHealthInfoAndPrometheusAreExposed() throws Exception {
            for (String hidden :
                    List.of("env", "configprops", "beans", "heapdump", "loggers", "mappings", "threaddump")) {
                assertThat(send("GET", "/actuator/" + hidden, null, null).statusCode())
                        .as(hidden)
                        .isEqualTo(404);
            }
            assertThat(send("GET", "/actuator/prometheus", null, null).statusCode())
                    .isEqualTo(200);
        }
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode problem = PipelineJson.mapper().readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asString()).isEqualTo(detail);
    }

    private HttpResponse<String> send(String method, String path, String key, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("X-API-Key", key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
