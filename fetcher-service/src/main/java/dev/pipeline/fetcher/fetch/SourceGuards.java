package dev.pipeline.fetcher.fetch;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.time.Duration;

/**
 * One source's resilience4j instances, named after the source so that
 * {@code resilience4j.<kind>.instances.<source>} in YAML configures them. The retry and the
 * breaker are rebuilt from their configured settings with what is code, not configuration: which
 * failures are retried and recorded, and that a server's {@code Retry-After} wins over the backoff.
 */
record SourceGuards(
        Retry retry,
        CircuitBreaker circuitBreaker,
        Outage outage,
        RateLimiter rateLimiter,
        Bulkhead bulkhead,
        int configuredLimit) {

    /** How often a page waiting on an open breaker asks again; asking costs no request. */
    private static final Duration OPEN_POLL = Duration.ofMillis(100);

    static SourceGuards of(
            String source,
            RetryRegistry retries,
            CircuitBreakerRegistry breakers,
            RateLimiterRegistry rateLimiters,
            BulkheadRegistry bulkheads) {
        RetryConfig configured = retries.retry(source).getRetryConfig();
        IntervalBiFunction<Object> backoff = configured.getIntervalBiFunction();
        RetryConfig config = RetryConfig.from(configured)
                .retryOnException(e -> e instanceof FetchException f && f.isRetryable())
                .intervalBiFunction((attempt, outcome) -> outcome.isLeft()
                                && outcome.getLeft() instanceof FetchException f
                                && f.retryAfter().isPresent()
                        ? f.retryAfter().get().toMillis()
                        : backoff.apply(attempt, outcome))
                .build();
        Retry retry = Retry.of(source, config, retries.getTags());
        retries.replace(source, retry);
        // Only an upstream in trouble (no connection, timeouts, 429, 5xx) after the page's retries
        // counts against the breaker.
        CircuitBreakerConfig breakerConfig = CircuitBreakerConfig.from(
                        breakers.circuitBreaker(source).getCircuitBreakerConfig())
                .recordException(e -> e instanceof FetchException f && f.isRetryable())
                .build();
        CircuitBreaker breaker = CircuitBreaker.of(source, breakerConfig, breakers.getTags());
        breakers.replace(source, breaker);
        RateLimiter rateLimiter = rateLimiters.rateLimiter(source);
        return new SourceGuards(
                retry,
                breaker,
                Outage.of(breaker),
                rateLimiter,
                bulkheads.bulkhead(source),
                rateLimiter.getRateLimiterConfig().getLimitForPeriod());
    }

    /** Allows {@code share}/{@code of} of the configured limit, never less than one call per period. */
    void shareRateLimit(int share, int of) {
        rateLimiter.changeLimitForPeriod(Math.max(1, (int) ((long) configuredLimit * share / of)));
    }

    /**
     * One page: every attempt passes the rate limiter and the bulkhead; the breaker sees the page
     * once, after its retries, so a page that succeeds on a retry is a success to it. A breaker that
     * opens only because of attempts that were then retried would cut off a source that always
     * recovers. While the breaker is open the page waits for it to let calls through again (half
     * open), until {@code openWait} after the breaker opened or the deadline, whichever is first;
     * resilience4j has no blocking acquire for breakers.
     */
    <T> T call(CheckedSupplier<T> attempt, Duration openWait, Deadline deadline) throws Throwable {
        CheckedSupplier<T> guarded = Bulkhead.decorateCheckedSupplier(bulkhead, attempt);
        guarded = RateLimiter.decorateCheckedSupplier(rateLimiter, guarded);
        guarded = Retry.decorateCheckedSupplier(retry, guarded);
        guarded = CircuitBreaker.decorateCheckedSupplier(circuitBreaker, guarded);
        while (true) {
            try {
                return guarded.get();
            } catch (CallNotPermittedException open) {
                long left = Math.min(outage.waitUntil(openWait), deadline.nanoTime()) - System.nanoTime();
                if (left <= 0) {
                    throw open;
                }
                Thread.sleep(Duration.ofNanos(Math.min(left, OPEN_POLL.toNanos())));
            }
        }
    }

    /**
     * Calls the rate limiter, as shared now, lets through in {@code time} at most: the period under
     * way's and one more period's for every refresh within it.
     */
    long callsAllowedWithin(Duration time) {
        RateLimiterConfig config = rateLimiter.getRateLimiterConfig();
        long refreshes =
                time.toNanos() / Math.max(1, config.getLimitRefreshPeriod().toNanos());
        return (refreshes + 1) * config.getLimitForPeriod();
    }

    /** Pages of this source worth having in flight at once: no more than its bulkhead admits. */
    int concurrency() {
        return bulkhead.getBulkheadConfig().getMaxConcurrentCalls();
    }
}
