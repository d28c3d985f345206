package dev.pipeline.fetcher.quota;

import java.time.Instant;

/**
 * What an API announced about a source's quota in one response: how many requests it has left
 * until its window resets, and when that is. Every instance's requests count against it, since the
 * API counts them all.
 *
 * @param limit      the window's whole quota; -1 when the API did not say
 * @param remaining  requests left in the window
 * @param resetAt    when the window resets and {@code remaining} no longer holds
 * @param observedAt when the response said so
 */
public record Quota(long limit, long remaining, Instant resetAt, Instant observedAt) {

    /**
     * How far apart two observations' resets may be and still be the same window: a reset in whole
     * seconds from now is rounded, so two answers of one window can differ by up to a second.
     */
    static final java.time.Duration SAME_WINDOW = java.time.Duration.ofSeconds(1);

    /** Past its reset: it says nothing about the window now under way. */
    public boolean isStaleAt(Instant now) {
        return !now.isBefore(resetAt);
    }

    /**
     * Which of {@code current} and {@code incoming} to go by at {@code now}: a stale one never; a
     * later window over an earlier one; within one window, the one with fewer requests left, since
     * a window's remaining only ever falls and answers can arrive out of order (and from other
     * instances, whose clocks may differ from this one's).
     */
    static Quota freshest(Quota current, Quota incoming, Instant now) {
        if (incoming == null || incoming.isStaleAt(now)) {
            return current == null || current.isStaleAt(now) ? null : current;
        }
        if (current == null || current.isStaleAt(now)) {
            return incoming;
        }
        if (incoming.resetAt.isAfter(current.resetAt.plus(SAME_WINDOW))) {
            return incoming;
        }
        if (current.resetAt.isAfter(incoming.resetAt.plus(SAME_WINDOW))) {
            return current;
        }
        if (incoming.remaining != current.remaining) {
            return incoming.remaining < current.remaining ? incoming : current;
        }
        return incoming.observedAt.isAfter(current.observedAt) ? incoming : current;
    }
}
