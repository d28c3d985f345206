package dev.pipeline.upstream;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import tools.jackson.core.JsonGenerator;

/**
 * {@code GET /httpbin/delay/{n}}: waits n seconds (fractions allowed, at most
 * {@value #MAX_SECONDS}, as httpbin caps it) and echoes the request, for timeout and
 * slow-source tests. Each wait parks a virtual thread, so slow requests do not starve fast ones.
 *
 * <p>The echo has httpbin's keys, in its order: {@code args}, {@code data} (the request body as
 * text: a GET has none, so {@code ""}), {@code files}, {@code form}, {@code headers},
 * {@code origin}, {@code url}. The empty-string {@code data} matters: a client that looks for
 * items under {@code data}, as the original did, must take this page as one without items.
 */
final class HttpbinDelay implements Endpoint {

    static final String PREFIX = "/httpbin/delay/";
    static final double MAX_SECONDS = 10;

    private static final Pattern SECONDS = Pattern.compile("\\d{1,6}(\\.\\d{1,9})?|\\.\\d{1,9}");

    @Override
    public void serve(HttpExchange exchange, Query query) throws IOException {
        Duration delay = delay(exchange.getRequestURI().getPath().substring(PREFIX.length()));
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("server stopping");
        }
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
        JsonResponses.send(exchange, 200, json -> {
            json.writeStartObject();
            json.writeName("args");
            writeObject(json, query.asMap());
            json.writeStringProperty("data", "");
            json.writeName("files");
            writeObject(json, Map.of());
            json.writeName("form");
            writeObject(json, Map.of());
            json.writeName("headers");
            writeObject(json, headers);
            json.writeStringProperty(
                    "origin", exchange.getRemoteAddress().getAddress().getHostAddress());
            json.writeStringProperty("url", RequestUrls.of(exchange));
            json.writeEndObject();
        });
    }

    private static Duration delay(String text) {
        // Plain decimals only: Double.parseDouble would also take "NaN", "-1" and "1e3d".
        if (!SECONDS.matcher(text).matches()) {
            throw new BadRequest("delay must be a non-negative number of seconds, got '" + text + "'");
        }
        double seconds = Math.min(Double.parseDouble(text), MAX_SECONDS);
        return Duration.ofNanos((long) (seconds * 1_000_000_000L));
    }

    private static void writeObject(JsonGenerator json, Map<String, String> values) {
        json.writeStartObject();
        for (Map.Entry<String, String> entry : values.entrySet()) {
            json.writeStringProperty(entry.getKey(), entry.getValue());
        }
        json.writeEndObject();
    }
}
