package dev.pipeline.upstream;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * An endpoint behind OAuth2 bearer tokens (RFC 6750): a request without a token the stand-in's
 * {@link OAuthServer} issued and still accepts gets a 401 with {@code WWW-Authenticate: Bearer
 * error="invalid_token"}, as a real resource server answers an expired or revoked token.
 */
final class BearerProtected implements Endpoint {

    private final OAuthServer server;
    private final Endpoint protectedEndpoint;

    BearerProtected(OAuthServer server, Endpoint protectedEndpoint) {
        this.server = server;
        this.protectedEndpoint = protectedEndpoint;
    }

    @Override
    public void serve(HttpExchange exchange, Query query) throws IOException {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim()
                : null;
        if (!server.accepts(token)) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            JsonResponses.error(exchange, 401, "invalid_token");
            return;
        }
        protectedEndpoint.serve(exchange, query);
    }
}
