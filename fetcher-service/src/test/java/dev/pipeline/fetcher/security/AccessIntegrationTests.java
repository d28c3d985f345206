package dev.pipeline.fetcher.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.Topics;
import dev.pipeline.fetcher.MultipartBody;
import dev.pipeline.fetcher.RunRecords;
import dev.pipeline.support.security.ApiKeyFilter;
import dev.pipeline.upstream.Settings;
import dev.pipeline.upstream.StandInUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * No one in where they don't belong: with an API key configured, every mutating request needs it
 * while reads stay open; and neither a run request nor an upload can make the fetcher call a URL
 * that is not configured.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pipeline.security.api-key=" + AccessIntegrationTests.KEY)
@EmbeddedKafka(partitions = 3)
@ExtendWith(OutputCaptureExtension.class)
class AccessIntegrationTests {

    static final String KEY = "s3cret-test-key-4711";
    private static final StandInUpstream UPSTREAM = StandInUpstream.start(0, Settings.defaults());
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    EmbeddedKafkaBroker broker;

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

    @Nested
    class ApiKey {

        @Test
        void aMutatingRequestWithoutTheKeyIsUnauthorized() throws Exception {
            for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
                HttpResponse<String> refused = send(method, "/api/runs", null, "{\"sources\":[\"reqres\"]}");
                assertUnauthorized(refused, "this request needs an API key in the X-API-Key header");
            }
            HttpResponse<String> upload = send("POST", "/api/uploads", null, "");
            assertUnauthorized(upload, "this request needs an API key in the X-API-Key header");
        }

        @Test
        void aWrongKeyIsUnauthorized() throws Exception {
            for (String wrong : List.of("", KEY.substring(1), KEY + "x", KEY.toUpperCase(), "s3cret-test-key-4712")) {
                assertUnauthorized(
                        send("POST", "/api/runs", wrong, "{\"sources\":[\"reqres\"]}"),
                        "the API key is not valid in the X-API-Key header");
            }
        }

        @Test
        void theRightKeyIsLetThrough() throws Exception {
            HttpResponse<String> accepted = send("POST", "/api/runs", KEY, "{\"sources\":[\"reqres\"]}");
            assertThat(accepted.statusCode()).isEqualTo(202);
        }

        @Test
        void readsStayOpen() throws Exception {
            for (String path : List.of("/api/runs", "/actuator/health", "/actuator/health/liveness", "/v3/api-docs")) {
                assertThat(send("GET", path, null, null).statusCode()).as(path).isEqualTo(200);
            }
            assertThat(send("GET", "/api/runs/run-unknown", null, null).statusCode())
                    .isEqualTo(404);
        }

        @Test
        void theKeyIsNeverLogged(CapturedOutput output) throws Exception {
            send("POST", "/api/runs", KEY, "{\"sources\":[\"reqres\"]}");
            send("POST", "/api/runs", "not-" + KEY, "{}");
            assertThat(output.getAll()).doesNotContain(KEY);
        }

        private void assertUnauthorized(HttpResponse<String> response, String detail) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
            JsonNode problem = PipelineJson.mapper().readTree(response.body());
            assertThat(problem.get("status").asInt()).isEqualTo(401);
            assertThat(problem.get("detail").asString()).isEqualTo(detail);
        }
    }

    @Nested
    class NoArbitraryUrls {

        @Test
        void aRunNamingAUrlOrAHostInsteadOfAConfiguredSourceIsRefusedAndNothingIsFetched() throws Exception {
            awaitNoRunInProgress();
            long before = UPSTREAM.requestCount("/");
            for (String name : List.of(
                    UPSTREAM.baseUrl() + "/dummyjson/products",
                    "127.0.0.1",
                    "169.254.169.254",
                    "file:///etc/passwd",
                    "//evil.example/")) {
                HttpResponse<String> refused = send(
                        "POST",
                        "/api/runs",
                        KEY,
                        "{\"sources\":[" + PipelineJson.mapper().writeValueAsString(name) + "]}");
                assertThat(refused.statusCode()).as(name).isEqualTo(400);
                assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
                assertThat(PipelineJson.mapper()
                                .readTree(refused.body())
                                .get("detail")
                                .asString())
                        .startsWith("not configured: [" + name + "]");
            }
            assertThat(UPSTREAM.requestCount("/")).isEqualTo(before);
        }

        @Test
        void anUploadCannotSmuggleAUrlToFetch() throws Exception {
            String target = UPSTREAM.baseUrl() + "/dummyjson/products";
            awaitNoRunInProgress();
            long before = UPSTREAM.requestCount("/");
            String json = """
                    {"url": "%1$s", "next": "%1$s?skip=20", "items": [
                      {"id": 1, "title": "Lamp", "url": "%1$s", "image": "%1$s/1.png", "thumbnail": {"href": "%1$s"}}
                    ], "links": {"next": "%1$s"}}""".formatted(target);
            MultipartBody body = new MultipartBody()
                    .file("files", target + "/products.json", "application/json", json)
                    .file("files", "..\\..\\etc\\passwd.csv", "text/csv", "id,title,url\n2,Pen," + target + "\n");
            HttpResponse<String> accepted = HTTP.send(
                    HttpRequest.newBuilder(uri("/api/uploads"))
                            .header("Content-Type", body.contentType())
                            .header(ApiKeyFilter.HEADER, KEY)
                            .POST(body.publisher())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).isEqualTo(202);
            String runId =
                    PipelineJson.mapper().readTree(accepted.body()).get("runId").asString();
            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            send("GET", "/api/runs/" + runId, null, null).body().contains("\"state\":\"FETCHED\""));

            List<ProductRecord> products = RunRecords.readAll(broker, Topics.PRODUCTS).stream()
                    .map(r -> PipelineJson.mapper().readValue(r.value(), ProductRecord.class))
                    .filter(p -> p.runId().equals(runId))
                    .toList();
            assertThat(products)
                    .extracting(ProductRecord::key, ProductRecord::endpoint, ProductRecord::attributes)
                    .containsExactlyInAnyOrder(
                            tuple("upload:1", "upload:products.json", Map.of()),
                            tuple("upload:2", "upload:passwd.csv", Map.of()));
            assertThat(UPSTREAM.requestCount("/")).isEqualTo(before);
        }
    }

    /**
     * The runs other tests of this class start (with the right key) fetch the stand-in upstream in
     * the background: a count of its requests means something only once none is running.
     */
    private void awaitNoRunInProgress() {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !send("GET", "/api/runs", null, null).body().contains("\"state\":\"RUNNING\""));
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
            request.header(ApiKeyFilter.HEADER, key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
