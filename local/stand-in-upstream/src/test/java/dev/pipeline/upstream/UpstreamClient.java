package dev.pipeline.upstream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real HTTP calls against a running stand-in upstream, for the tests. */
final class UpstreamClient {

    static final JsonMapper JSON = JsonMapper.builder().build();

    // HTTP/1.1 as the pipeline's clients use it; HTTP/2 would only add an upgrade attempt.
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final String baseUrl;

    UpstreamClient(StandInUpstream upstream) {
        this.baseUrl = upstream.baseUrl();
    }

    /** GETs {@code pathAndQuery}; {@code headers} are name, value pairs. */
    HttpResponse<String> get(String pathAndQuery, String... headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.GET().build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode getJson(String pathAndQuery, String... headers) {
        return json(get(pathAndQuery, headers));
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** The {@code id} of each object in a JSON array, in order. */
    static List<Integer> ids(JsonNode array) {
        return array.valueStream().map(item -> item.get("id").intValue()).toList();
    }

    String baseUrl() {
        return baseUrl;
    }
}
