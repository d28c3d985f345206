package dev.pipeline.fetcher.quota;

import java.time.Instant;

/**
 * A {@code pipeline.source-quota} record's value: one instance's latest observation of a source's
 * quota. The instance is named so that it skips its own records when it reads the topic.
 */
record SharedQuota(String source, String instance, long limit, long remaining, Instant resetAt, Instant observedAt) {

    static SharedQuota of(String source, String instance, Quota quota) {
        return new SharedQuota(source, instance, quota.limit(), quota.remaining(), quota.resetAt(), quota.observedAt());
    }

    Quota quota() {
        return new Quota(limit, remaining, resetAt, observedAt);
    }
}
