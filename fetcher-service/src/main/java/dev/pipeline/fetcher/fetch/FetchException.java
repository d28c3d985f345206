package dev.pipeline.fetcher.fetch;

import dev.pipeline.common.ErrorKind;
import java.time.Duration;
import java.util.Optional;

/**
 * A page that could not be had. {@link #isRetryable()} failures (connection, timeout, 429, 5xx)
 * are retried and count against the circuit breaker; the others are final at once.
 */
public class FetchException extends Exception {

    private final ErrorKind kind;
    private final boolean retryable;
    private final Duration retryAfter;

    FetchException(ErrorKind kind, String message, boolean retryable, Duration retryAfter, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    static FetchException retryable(ErrorKind kind, String message, Duration retryAfter, Throwable cause) {
        return new FetchException(kind, message, true, retryAfter, cause);
    }

    static FetchException fatal(ErrorKind kind, String message, Throwable cause) {
        return new FetchException(kind, message, false, null, cause);
    }

    public ErrorKind kind() {
        return kind;
    }

    public boolean isRetryable() {
        return retryable;
    }

    /** What the server asked for in {@code Retry-After}, if anything. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
