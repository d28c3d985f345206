package dev.pipeline.upstream;

import java.time.Duration;
import java.util.Objects;

/**
 * The stand-in's OAuth2 authorization server ({@code POST /oauth/token}, client credentials grant
 * only) and what it accepts at {@code /oauth/products}.
 *
 * @param clientId      the one client it knows
 * @param clientSecret  that client's secret
 * @param tokenLifetime how long a token it issues is accepted; short, so that clients' refreshing
 *                      is exercised
 * @param sayExpiry     whether the token response has {@code expires_in}; false: a client cannot
 *                      know when a token expires, and must find out from the 401
 */
public record OAuthSettings(String clientId, String clientSecret, Duration tokenLifetime, boolean sayExpiry) {

    public static final String DEFAULT_CLIENT_ID = "stand-in-client";
    public static final String DEFAULT_CLIENT_SECRET = "stand-in-secret";
    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(60);

    public OAuthSettings {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        if (tokenLifetime == null || tokenLifetime.isNegative() || tokenLifetime.isZero()) {
            throw new IllegalArgumentException("tokenLifetime must be positive");
        }
    }

    public static OAuthSettings defaults() {
        return new OAuthSettings(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_TOKEN_LIFETIME, true);
    }

    public OAuthSettings withTokenLifetime(Duration lifetime) {
        return new OAuthSettings(clientId, clientSecret, lifetime, sayExpiry);
    }

    public OAuthSettings withoutExpiry() {
        return new OAuthSettings(clientId, clientSecret, tokenLifetime, false);
    }

    @Override
    public String toString() {
        return "OAuthSettings[clientId=" + clientId + ", clientSecret=***, tokenLifetime=" + tokenLifetime
                + ", sayExpiry=" + sayExpiry + "]";
    }
}
