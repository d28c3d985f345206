package dev.pipeline.upstream;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The stand-in's token store: the tokens {@code POST /oauth/token} issued, until they expire or a
 * test revokes them, and counters that let tests see how a client behaved (how many tokens it
 * asked for, how many of its requests were refused).
 */
public final class OAuthServer {

    private final OAuthSettings settings;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
    private final LongAdder issued = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final AtomicBoolean down = new AtomicBoolean();

    OAuthServer(OAuthSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public OAuthSettings settings() {
        return settings;
    }

    /** Tokens issued so far. */
    public long issued() {
        return issued.sum();
    }

    /** Requests to a protected endpoint refused (401) so far. */
    public long refused() {
        return refused.sum();
    }

    /** Forgets every token issued: the next request with one is refused, as after a key rotation. */
    public void revokeAll() {
        expiries.clear();
    }

    /** While down, the token endpoint answers 503: an authorization server in trouble. */
    public void down(boolean isDown) {
        down.set(isDown);
    }

    boolean isDown() {
        return down.get();
    }

    boolean isClient(String clientId, String clientSecret) {
        return settings.clientId().equals(clientId) && settings.clientSecret().equals(clientSecret);
    }

    /** A new token, accepted for {@link OAuthSettings#tokenLifetime()}. */
    String issue() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = "sit-" + HexFormat.of().formatHex(bytes);
        expiries.put(token, clock.instant().plus(settings.tokenLifetime()));
        issued.increment();
        return token;
    }

    /** Whether {@code token} was issued here, is not revoked and has not expired; counts a refusal. */
    boolean accepts(String token) {
        Instant expiry = token == null ? null : expiries.get(token);
        if (expiry != null && clock.instant().isBefore(expiry)) {
            return true;
        }
        if (expiry != null) {
            expiries.remove(token);
        }
        refused.increment();
        return false;
    }
}
