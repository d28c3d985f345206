package dev.pipeline.fetcher.fetch;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Since when a source's breaker has kept calls out: from its opening to its next closing, its
 * half-open trials included. Pages wait out an open breaker only until {@code open-circuit-wait}
 * after the outage began, not each for its own full wait, so a source that stays down costs a run
 * that wait once rather than once per page.
 */
final class Outage {

    private static final long NONE = Long.MIN_VALUE;

    private final AtomicLong since = new AtomicLong(NONE);

    static Outage of(CircuitBreaker breaker) {
        Outage outage = new Outage();
        breaker.getEventPublisher().onStateTransition(event -> {
            switch (event.getStateTransition().getToState()) {
                case OPEN, FORCED_OPEN -> outage.since.compareAndSet(NONE, System.nanoTime());
                case CLOSED, DISABLED, METRICS_ONLY -> outage.since.set(NONE);
                case HALF_OPEN -> {
                    // still the same outage until a trial closes the breaker
                }
            }
        });
        return outage;
    }

    /** The monotonic time at which a page stops waiting: {@code wait} after the outage began. */
    long waitUntil(Duration wait) {
        long began = since.get();
        return (began == NONE ? System.nanoTime() : began) + wait.toNanos();
    }
}
