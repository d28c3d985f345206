package dev.pipeline.upstream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code POST /oauth/token}: OAuth2's client credentials grant (RFC 6749 §4.4) for the one client
 * of {@link OAuthSettings}, authenticated by HTTP Basic or by {@code client_id} and
 * {@code client_secret} form fields (§2.3.1). Errors in §5.2's shape: 400
 * {@code unsupported_grant_type}, 401 {@code invalid_client}; 503 while {@link OAuthServer#down}.
 * Its own context, not the router's: it answers OAuth2's errors, not the router's JSON ones.
 */
final class TokenEndpoint implements HttpHandler {

    static final String PATH = "/oauth/token";

    private final OAuthServer server;
    private final RequestCounts counts;

    TokenEndpoint(OAuthServer server, RequestCounts counts) {
        this.server = server;
        this.counts = counts;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        counts.record(exchange.getRequestURI().getPath());
        try (exchange) {
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                JsonResponses.error(exchange, 404, "not found"); // the server's contexts match by prefix
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                oauthError(exchange, 405, "invalid_request");
                return;
            }
            if (server.isDown()) {
                JsonResponses.error(exchange, 503, "temporarily unavailable");
                return;
            }
            Map<String, String> form =
                    form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String[] client = basic(exchange.getRequestHeaders().getFirst("Authorization"));
            String clientId = client != null ? client[0] : form.get("client_id");
            String clientSecret = client != null ? client[1] : form.get("client_secret");
            if (!server.isClient(clientId, clientSecret)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"stand-in\"");
                oauthError(exchange, 401, "invalid_client");
                return;
            }
            if (!"client_credentials".equals(form.get("grant_type"))) {
                oauthError(exchange, 400, "unsupported_grant_type");
                return;
            }
            String token = server.issue();
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            JsonResponses.send(exchange, 200, json -> {
                json.writeStartObject();
                json.writeStringProperty("access_token", token);
                json.writeStringProperty("token_type", "Bearer");
                if (server.settings().sayExpiry()) {
                    json.writeNumberProperty(
                            "expires_in",
                            Math.max(1, server.settings().tokenLifetime().toSeconds()));
                }
                if (form.containsKey("scope")) {
                    json.writeStringProperty("scope", form.get("scope"));
                }
                json.writeEndObject();
            });
        }
    }

    private static void oauthError(HttpExchange exchange, int status, String error) throws IOException {
        JsonResponses.send(exchange, status, json -> {
            json.writeStartObject();
            json.writeStringProperty("error", error);
            json.writeEndObject();
        });
    }

    /** The id and secret of a Basic header, form-decoded as RFC 6749 §2.3.1 says; null without one. */
    private static String[] basic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded =
                    new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0
                    ? null
                    : new String[] {decode(decoded.substring(0, colon)), decode(decoded.substring(colon + 1))};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return form;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
