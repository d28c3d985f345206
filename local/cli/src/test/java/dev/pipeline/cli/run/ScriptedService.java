package dev.pipeline.cli.run;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP service on a free loopback port that answers each "METHOD path" from a script: the
 * scripted answers in turn, the last one again and again; 404 for anything unscripted.
 */
public final class ScriptedService implements AutoCloseable {

    record Answer(int status, String body) {}

    private final HttpServer server;
    private final Map<String, Deque<Answer>> script = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> apiKeys = new CopyOnWriteArrayList<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();

    public ScriptedService() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    public ScriptedService on(String request, int status, String body) {
        script.computeIfAbsent(request, key -> new ArrayDeque<>()).add(new Answer(status, body));
        return this;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<String> requests() {
        return requests;
    }

    /** The raw query of each request, in order; {@code ""} for a request without one. */
    public List<String> queries() {
        return queries;
    }

    /** The {@code X-API-Key} each request carried, in order; {@code (none)} for a request without one. */
    public List<String> apiKeys() {
        return apiKeys;
    }

    private void answer(HttpExchange exchange) throws IOException {
        String request =
                exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(body.isEmpty() ? request : request + " " + body);
        String query = exchange.getRequestURI().getRawQuery();
        queries.add(query == null ? "" : query);
        String apiKey = exchange.getRequestHeaders().getFirst("X-API-Key");
        apiKeys.add(apiKey == null ? "(none)" : apiKey);
        Deque<Answer> answers = script.get(request);
        Answer answer = answers == null ? new Answer(404, "{}") : answers.size() > 1 ? answers.poll() : answers.peek();
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
