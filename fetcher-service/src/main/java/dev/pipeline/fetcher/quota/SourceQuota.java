package dev.pipeline.fetcher.quota;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.ToLongFunction;

/**
 * One source's quota as this instance knows it: the freshest observation, its own or a peer's,
 * and when this instance last sent a request to the source. Thread-safe.
 */
final class SourceQuota {

    private final Clock clock;
    private Quota applied;
    /** The latest of this instance's own observations: what it publishes for its peers. */
    private Quota ownLatest;

    private long lastSentNanos;
    private boolean sent;

    private final QuotaProperties.Reserve reserve;

    SourceQuota(Clock clock, QuotaProperties.Reserve reserve) {
        this.clock = clock;
        this.reserve = reserve;
    }

    synchronized void observe(Quota quota, boolean own) {
        applied = Quota.freshest(applied, quota, clock.instant());
        if (own && (ownLatest == null || !quota.observedAt().isBefore(ownLatest.observedAt()))) {
            ownLatest = quota;
        }
    }

    /** The observation pacing goes by now; null: none, or only stale ones. */
    synchronized Quota applied() {
        if (applied != null && applied.isStaleAt(clock.instant())) {
            applied = null;
        }
        return applied;
    }

    synchronized Quota ownLatest() {
        return ownLatest;
    }

    /**
     * Zero, and the request counted as sent now, when the next request may go; otherwise how long
     * it should wait first (the caller sleeps and asks again: a newer observation may change it).
     */
    synchronized Duration reserve(double share, ToLongFunction<Duration> configuredAllows) {
        Instant now = clock.instant();
        Quota quota = applied();
        Duration sinceLastSent = sent ? Duration.ofNanos(System.nanoTime() - lastSentNanos) : null;
        Duration delay = quota == null
                ? Duration.ZERO
                : QuotaPacing.delay(
                        quota,
                        now,
                        share,
                        sinceLastSent,
                        configuredAllows.applyAsLong(Duration.between(now, quota.resetAt())),
                        reserve);
        if (delay.isZero()) {
            sent = true;
            lastSentNanos = System.nanoTime();
        }
        return delay;
    }
}
