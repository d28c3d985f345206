package dev.pipeline.fetcher.quota;

import java.time.Duration;
import java.time.Instant;

/**
 * The pacing arithmetic: how long this instance waits before its next request to a source so that
 * its part of what the API says is left lasts until the window resets, once what is left has fallen
 * to the reserve (above it, nothing is paced: the API is far from refusing). Its part is its share of the
 * source's tasks (as {@code task.RateShare} sets it) times what is left: the instances together
 * spend no more than is left. The configured rate limit is never raised: when it alone already
 * spends less than this instance's part before the reset, there is no pacing at all.
 */
final class QuotaPacing {

    private QuotaPacing() {}

    /**
     * The wait before the next request.
     *
     * @param quota          the freshest observation; null: none
     * @param now            the wall clock, which the quota's reset is on
     * @param share          this instance's part of the source's requests, 0 to 1
     * @param sinceLastSent  since this instance last sent to the source; null: never
     * @param configuredAllows requests the configured rate limit lets through until the reset
     * @param reserve        below which part of the window's quota pacing starts
     */
    static Duration delay(
            Quota quota,
            Instant now,
            double share,
            Duration sinceLastSent,
            long configuredAllows,
            QuotaProperties.Reserve reserve) {
        if (quota == null || quota.isStaleAt(now)) {
            return Duration.ZERO;
        }
        Duration untilReset = Duration.between(now, quota.resetAt());
        long mine = (long) Math.floor(quota.remaining() * share);
        if (mine <= 0) {
            return untilReset;
        }
        // This instance's part of the reserve: the instances together start pacing when it is reached.
        if (mine > reserve.of(quota) * share) {
            return Duration.ZERO;
        }
        if (mine >= configuredAllows) {
            return Duration.ZERO;
        }
        Duration interval = untilReset.dividedBy(mine);
        if (sinceLastSent == null || sinceLastSent.compareTo(interval) >= 0) {
            return Duration.ZERO;
        }
        return interval.minus(sinceLastSent);
    }
}
