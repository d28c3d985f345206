package dev.pipeline.cli.run;

import dev.pipeline.cli.stack.PipelineFailure;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP to one service; a service that cannot be reached becomes a one-line failure naming it. */
final class RestCalls {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    /** The services' {@code ApiKeyFilter.HEADER}. */
    static final String API_KEY_HEADER = "X-API-Key";

    private final String service;
    private final URI baseUrl;
    private final String apiKey;

    RestCalls(String service, URI baseUrl) {
        this(service, baseUrl, "");
    }

    /** {@code apiKey} goes with every POST, in the header the services check; {@code ""}: none. */
    RestCalls(String service, URI baseUrl, String apiKey) {
        this.service = service;
        this.baseUrl = baseUrl.toString().endsWith("/") ? baseUrl : URI.create(baseUrl + "/");
        this.apiKey = apiKey == null ? "" : apiKey.strip();
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Streams the body: a report can hold a million products and must not be read into memory. */
    HttpResponse<InputStream> getStream(String path) {
        return send(request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    HttpResponse<String> postJson(String path, String json) {
        HttpRequest.Builder builder = request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (!apiKey.isEmpty()) {
            builder.header(API_KEY_HEADER, apiKey);
        }
        HttpRequest request = builder.build();
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    PipelineFailure unexpected(String what, HttpResponse<?> response) {
        String body = response.body() instanceof String text ? ": " + abbreviate(text) : "";
        return new PipelineFailure("%s answered %d to %s%s".formatted(service, response.statusCode(), what, body));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(baseUrl.resolve(path.startsWith("/") ? path.substring(1) : path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return HTTP.send(request, handler);
        } catch (IOException ex) {
            throw new ServiceUnreachable(
                    "cannot reach the %s at %s (%s)"
                            .formatted(
                                    service,
                                    baseUrl,
                                    ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()),
                    ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new PipelineFailure("interrupted while calling the " + service, ex);
        }
    }

    private static String abbreviate(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }
}
