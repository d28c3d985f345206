package dev.pipeline.processor.report;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The disk (or Kafka) failing every report, not any one run: while it lasts consumption is paused
 * and the output is probed, at first after {@code backoff}, then at twice the wait each time up to
 * {@code maxBackoff}. It ends only when a probe finds the directories writable and every complete
 * run's report goes through.
 */
final class Outage {

    /** Why, since when, which run's report found it (if one did), and when to probe next. */
    record State(String reason, String runId, Instant since, int probes, Instant nextProbe) {}

    private final Duration backoff;
    private final Duration maxBackoff;
    private final AtomicReference<State> state = new AtomicReference<>();

    Outage(Duration backoff, Duration maxBackoff) {
        this.backoff = backoff;
        this.maxBackoff = maxBackoff.compareTo(backoff) < 0 ? backoff : maxBackoff;
    }

    /** @return whether this begins an outage (rather than saying more about the one going on) */
    boolean begin(String runId, String reason, Instant now) {
        State before = state.getAndUpdate(current -> current == null
                ? new State(reason, runId, now, 0, now.plus(backoff))
                : new State(reason, runId, current.since(), current.probes(), current.nextProbe()));
        return before == null;
    }

    /** The outage going on, or {@code null}. */
    State current() {
        return state.get();
    }

    /** A probe did not get through: the next one waits twice as long (up to the maximum). */
    void probeFailed(Instant now) {
        state.updateAndGet(current -> {
            if (current == null) {
                return null;
            }
            Duration wait = backoff.multipliedBy(1L << Math.min(current.probes() + 1, 20));
            return new State(
                    current.reason(),
                    current.runId(),
                    current.since(),
                    current.probes() + 1,
                    now.plus(wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait));
        });
    }

    /**
     * Ends the outage seen when the probe began; not one that a report failing meanwhile renewed.
     *
     * @return whether it ended
     */
    boolean end(State seen) {
        return seen != null && state.compareAndSet(seen, null);
    }
}
