package dev.pipeline.fetcher.fetch;

import java.time.Duration;

/**
 * When the work on hand must be over: a task must end within its Kafka transaction's timeout, so
 * every wait on its behalf (a worker, a half-open breaker, a response body) is bounded by it.
 * Measured on the monotonic clock.
 */
public record Deadline(long nanoTime) {

    public static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    /** What is left, never negative. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, nanoTime - System.nanoTime()));
    }

    public boolean hasPassed() {
        return nanoTime - System.nanoTime() <= 0;
    }

    /** {@code limit}, or less when less is left. */
    public Duration cap(Duration limit) {
        Duration remaining = remaining();
        return remaining.compareTo(limit) < 0 ? remaining : limit;
    }
}
