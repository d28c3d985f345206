package dev.pipeline.upstream;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;

/**
 * The endpoints under {@code /quota/} (DummyJSON's products at {@code /quota/products}), behind
 * the server's {@link QuotaWindow}: every answer, granted or refused, announces
 * the quota in the style the request asks for ({@code quota-style}, else the server's); a request
 * past the window's quota gets a 429 with {@code Retry-After}, as real APIs answer.
 */
final class QuotaLimited implements Endpoint {

    static final String PREFIX = "/quota/";
    static final String STYLE_PARAMETER = "quota-style";

    private final QuotaWindow window;
    private final Map<String, Endpoint> byPath;

    QuotaLimited(QuotaWindow window, Map<String, Endpoint> byPath) {
        this.window = window;
        this.byPath = Map.copyOf(byPath);
    }

    @Override
    public void serve(HttpExchange exchange, Query query) throws IOException {
        Endpoint limited = byPath.get(exchange.getRequestURI().getPath());
        if (limited == null) {
            JsonResponses.error(exchange, 404, "not found"); // no quota spent on a wrong address
            return;
        }
        QuotaStyle style = query.has(STYLE_PARAMETER) ? QuotaStyle.named(query.text(STYLE_PARAMETER)) : window.style();
        QuotaWindow.Decision decision = window.take();
        style.announce(
                exchange.getResponseHeaders(),
                decision.limit(),
                decision.remaining(),
                decision.resetSeconds(),
                decision.resetEpochSecond(),
                decision.windowSeconds());
        if (!decision.granted()) {
            exchange.getResponseHeaders().set("Retry-After", Long.toString(decision.resetSeconds()));
            JsonResponses.error(exchange, 429, "quota of " + decision.limit() + " requests per window used up");
            return;
        }
        limited.serve(exchange, query);
    }
}
