package dev.pipeline.upstream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Map;

/**
 * The server's single handler: counts the request, finds its endpoint by path, and turns what
 * goes wrong into JSON errors (404, 405, 400, 500).
 */
final class Router implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(Router.class.getName());

    private final Map<String, Endpoint> byPath;
    private final Map<String, Endpoint> byPrefix;
    private final RequestCounts counts;

    Router(Map<String, Endpoint> byPath, Map<String, Endpoint> byPrefix, RequestCounts counts) {
        this.byPath = Map.copyOf(byPath);
        this.byPrefix = Map.copyOf(byPrefix);
        this.counts = counts;
    }

    @Override
    public void handle(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        counts.record(path == null ? "" : path);
        try {
            dispatch(exchange, path == null ? "" : path);
        } catch (BadRequest e) {
            sendError(exchange, 400, e.getMessage());
        } catch (IOException e) {
            // The client went away mid-response; there is nobody left to tell.
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "stand-in upstream failed on " + exchange.getRequestURI(), e);
            sendError(exchange, 500, "internal error");
        } finally {
            exchange.close();
        }
    }

    private void dispatch(HttpExchange exchange, String path) throws IOException {
        Endpoint endpoint = find(path);
        if (endpoint == null) {
            JsonResponses.error(exchange, 404, "not found");
        } else if (!endpoint.method().equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", endpoint.method());
            JsonResponses.error(exchange, 405, "method not allowed");
        } else {
            endpoint.serve(exchange, Query.of(exchange.getRequestURI()));
        }
    }

    private Endpoint find(String path) {
        Endpoint exact = byPath.get(path);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, Endpoint> entry : byPrefix.entrySet()) {
            if (path.startsWith(entry.getKey())) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static void sendError(HttpExchange exchange, int status, String message) {
        if (exchange.getResponseCode() != -1) {
            return; // headers are out already; closing the exchange is all that is left
        }
        try {
            JsonResponses.error(exchange, status, message);
        } catch (IOException e) {
            // The client went away; nothing to do.
        }
    }
}
