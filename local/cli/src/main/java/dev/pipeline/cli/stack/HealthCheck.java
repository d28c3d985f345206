package dev.pipeline.cli.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;

/** How to tell that a service is ready: a GET that answers 200, and for actuator a status of UP. */
public record HealthCheck(String path, boolean expectsStatusUp) {

    public static final HealthCheck ACTUATOR = new HealthCheck("/actuator/health", true);

    public static final HealthCheck UPSTREAM = new HealthCheck("/health", false);

    private static final Pattern STATUS_UP = Pattern.compile("\"status\"\\s*:\\s*\"UP\"");

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public boolean passes(URI baseUrl) {
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve(path))
                .timeout(Duration.ofSeconds(3))
                .GET()
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200
                    && (!expectsStatusUp || STATUS_UP.matcher(response.body()).find());
        } catch (IOException ex) {
            return false;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
