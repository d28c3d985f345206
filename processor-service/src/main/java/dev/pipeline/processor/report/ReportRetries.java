package dev.pipeline.processor.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs whose report failed for a reason of their own, and when each may be tried again: after
 * the first failure {@code backoff}, doubling with every further one, {@code tries} in all. Only
 * these runs wait; every other run is reported as soon as it is complete.
 */
final class ReportRetries {

    /** A run's failed tries so far, the last failure, and when the next try is due. */
    record Failing(int tries, String lastFailure, Instant nextTry) {}

    private final int tries;
    private final Duration backoff;
    private final Map<String, Failing> failing = new ConcurrentHashMap<>();

    ReportRetries(int tries, Duration backoff) {
        this.tries = tries;
        this.backoff = backoff;
    }

    int maxTries() {
        return tries;
    }

    boolean isDue(String runId, Instant now) {
        Failing run = failing.get(runId);
        return run == null || !now.isBefore(run.nextTry());
    }

    boolean anyDue(Instant now) {
        return failing.values().stream().anyMatch(run -> !now.isBefore(run.nextTry()));
    }

    /** The run's tries so far (0 when none has failed). */
    int tried(String runId) {
        Failing run = failing.get(runId);
        return run == null ? 0 : run.tries();
    }

    Failing failed(String runId, String failure, Instant now) {
        return failing.compute(runId, (id, before) -> {
            int tried = before == null ? 1 : before.tries() + 1;
            Duration wait = backoff.multipliedBy(1L << Math.min(tried - 1, 20));
            return new Failing(tried, failure, now.plus(wait));
        });
    }

    boolean exhausted(String runId) {
        return tried(runId) >= tries;
    }

    void forget(String runId) {
        failing.remove(runId);
    }

    Failing of(String runId) {
        return failing.get(runId);
    }

    /** By run id. */
    Map<String, Failing> failing() {
        return new TreeMap<>(failing);
    }
}
