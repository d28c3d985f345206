package dev.pipeline.upstream;

import com.sun.net.httpserver.Headers;
import java.util.Locale;

/**
 * How {@code /quota/products} announces its quota, as real APIs do: the IETF draft's separate
 * {@code RateLimit-*} headers, its newer combined {@code RateLimit} with {@code RateLimit-Policy},
 * the common {@code X-RateLimit-*} with the reset in seconds from now, or GitHub's, with the reset
 * as epoch seconds.
 */
public enum QuotaStyle {
    /** {@code RateLimit-Limit}, {@code RateLimit-Remaining}, {@code RateLimit-Reset} (seconds from now). */
    IETF,
    /** {@code RateLimit: "window";r=R;t=T} and {@code RateLimit-Policy: "window";q=L;w=W}. */
    COMBINED,
    /** {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining}, {@code X-RateLimit-Reset} (seconds from now). */
    X,
    /** As {@link #X}, with {@code X-RateLimit-Reset} the epoch second the window ends at (GitHub). */
    X_EPOCH;

    /** The style named {@code name} ({@code ietf}, {@code combined}, {@code x}, {@code x-epoch}). */
    static QuotaStyle named(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new BadRequest("quota-style must be one of ietf, combined, x, x-epoch; got '" + name + "'");
        }
    }

    /**
     * Sets this style's headers.
     *
     * @param resetSeconds   whole seconds until the window ends, rounded up: a client that waits that
     *                       long is never early
     * @param resetEpochSecond the epoch second the window ends at, rounded up likewise
     */
    void announce(
            Headers headers, int limit, long remaining, long resetSeconds, long resetEpochSecond, long windowSeconds) {
        switch (this) {
            case IETF -> {
                headers.set("RateLimit-Limit", Integer.toString(limit));
                headers.set("RateLimit-Remaining", Long.toString(remaining));
                headers.set("RateLimit-Reset", Long.toString(resetSeconds));
            }
            case COMBINED -> {
                headers.set("RateLimit-Policy", "\"window\";q=" + limit + ";w=" + windowSeconds);
                headers.set("RateLimit", "\"window\";r=" + remaining + ";t=" + resetSeconds);
            }
            case X -> {
                headers.set("X-RateLimit-Limit", Integer.toString(limit));
                headers.set("X-RateLimit-Remaining", Long.toString(remaining));
                headers.set("X-RateLimit-Reset", Long.toString(resetSeconds));
            }
            case X_EPOCH -> {
                headers.set("X-RateLimit-Limit", Integer.toString(limit));
                headers.set("X-RateLimit-Remaining", Long.toString(remaining));
                headers.set("X-RateLimit-Reset", Long.toString(resetEpochSecond));
            }
        }
    }
}
