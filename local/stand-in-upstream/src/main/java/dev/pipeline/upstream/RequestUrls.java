package dev.pipeline.upstream;

import com.sun.net.httpserver.HttpExchange;
import java.net.InetSocketAddress;

/** Absolute URLs as the client sees this server, for Link headers and httpbin's echo. */
final class RequestUrls {

    private RequestUrls() {}

    /**
     * {@code http://host:port} from the Host header, so links work through whatever name or
     * port mapping the client used; the bound address when a client sends no Host.
     */
    static String origin(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null || host.isBlank()) {
            InetSocketAddress local = exchange.getLocalAddress();
            host = local.getAddress().getHostAddress() + ":" + local.getPort();
        }
        return "http://" + host.strip();
    }

    /** The full URL of this request, query included. */
    static String of(HttpExchange exchange) {
        String rawQuery = exchange.getRequestURI().getRawQuery();
        return origin(exchange) + exchange.getRequestURI().getRawPath() + (rawQuery == null ? "" : "?" + rawQuery);
    }
}
