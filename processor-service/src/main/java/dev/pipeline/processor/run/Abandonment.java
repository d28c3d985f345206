package dev.pipeline.processor.run;

import dev.pipeline.common.report.AbandonedMarker;
import dev.pipeline.common.report.ReportState;
import dev.pipeline.processor.ProcessorProperties;
import dev.pipeline.processor.store.Stored;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Which open runs this instance lets go of before a report of its own, and how: a step of its own,
 * which the consumer threads take before they commit (so that what it lets go of stops holding back
 * that commit), not a side effect of committing. See ARCHITECTURE.md, "Runs given up".
 */
@Component
public class Abandonment {

    private static final Logger log = LoggerFactory.getLogger(Abandonment.class);

    /**
     * How often an open run's report is looked for in the store here: announcements tell every
     * instance of a run done with elsewhere at once, so the store is only a fallback (a writer that
     * died before announcing, whose run's events nobody reads again), and with an object store each
     * look is a request or two.
     */
    static final Duration STORE_LOOK_INTERVAL = Duration.ofMinutes(5);

    private final RunLedger ledger;
    private final AbandonedRuns abandoned;
    private final Duration abandonAfter;
    private final RunAnnouncer announcer;
    private final Duration storeLookInterval;
    /** When the store was last asked about each open run. */
    private final Map<String, Instant> storeLooked = new ConcurrentHashMap<>();

    Abandonment(RunLedger ledger, AbandonedRuns abandoned, ProcessorProperties properties) {
        this(ledger, abandoned, properties, RunAnnouncer.NONE);
    }

    @Autowired
    Abandonment(RunLedger ledger, AbandonedRuns abandoned, ProcessorProperties properties, RunAnnouncer announcer) {
        this(ledger, abandoned, properties, announcer, STORE_LOOK_INTERVAL);
    }

    Abandonment(
            RunLedger ledger,
            AbandonedRuns abandoned,
            ProcessorProperties properties,
            RunAnnouncer announcer,
            Duration storeLookInterval) {
        this.ledger = ledger;
        this.abandoned = abandoned;
        this.abandonAfter = properties.abandonAfter();
        this.announcer = announcer;
        this.storeLookInterval = storeLookInterval;
    }

    /**
     * Forgets open runs that are done with elsewhere and gives up on those that went quiet, so their
     * records stop holding back this instance's commits:
     * <ul>
     * <li>a run another instance announced is forgotten ({@link RunLedger#announced}); one whose
     * report or marker another instance has written to a store they share without announcing it (it
     * stopped first) is forgotten too, once the store is asked: at most every few minutes per run
     * ({@link #STORE_LOOK_INTERVAL}; with an object store each look is a request), and always before
     * a marker is written;</li>
     * <li>a run whose events this instance reads (it owns the run) and of which nothing has been read
     * for {@code abandon-after} is abandoned: its fetchers stopped before its last task was done, so no report
     * can claim it complete. A marker says so to every instance and after a restart, with a metric and
     * a warning; a run still making progress, however slowly, is never abandoned;</li>
     * <li>a run whose events another instance reads is that instance's to abandon; this one forgets
     * it after twice that time of silence here (not as done with: should it come back, it is opened
     * again), so that a run whose events nobody reads cannot hold back commits for good.</li>
     * </ul>
     * Called by every consumer thread from time to time: one at a time.
     */
    public synchronized void check() {
        Instant now = Instant.now();
        storeLooked.keySet().removeIf(runId -> ledger.find(runId).isEmpty());
        for (OpenRun run : ledger.openRuns()) {
            if (run.end() != null) {
                continue; // complete once its records are read: RunCompletion decides
            }
            Looked looked = ledger.isKnownReported(run.runId()) ? Looked.DONE : inStore(run.runId(), now, false);
            if (looked == Looked.DONE) {
                ledger.reported(run);
                continue;
            }
            Duration quiet = Duration.between(run.lastActivity(), now);
            boolean owned = run.eventsPartition() != null && ledger.marks().isAssigned(run.eventsPartition());
            if (owned && quiet.compareTo(abandonAfter) >= 0) {
                // Asked now, however recently before: a marker is never written over a report, nor
                // while the store does not answer (the next check tries again).
                if (looked == Looked.NOT_ASKED) {
                    looked = inStore(run.runId(), now, true);
                }
                if (looked == Looked.DONE) {
                    ledger.reported(run);
                } else if (looked == Looked.NOT_DONE) {
                    abandonIdle(run, now);
                }
            } else if (!owned && quiet.compareTo(abandonAfter.multipliedBy(2)) >= 0) {
                log.info(
                        "run {} released here: nothing of it read for {}, and its events are not read here "
                                + "(the instance that reads them decides whether it is abandoned)",
                        run.runId(),
                        quiet);
                ledger.forget(run);
            }
        }
    }

    /** What the store said of a run. */
    private enum Looked {
        DONE,
        NOT_DONE,
        /** Asked less than {@code storeLookInterval} ago. */
        NOT_ASKED,
        /** The store did not answer. */
        NO_ANSWER
    }

    /**
     * Whether the run's report or marker is in the store, asked at most once every
     * {@code storeLookInterval} per run (unless {@code insist}); a store that does not answer is no
     * reason to stop checking the other runs.
     */
    private Looked inStore(String runId, Instant now, boolean insist) {
        Instant last = storeLooked.get(runId);
        if (!insist && last != null && now.isBefore(last.plus(storeLookInterval))) {
            return Looked.NOT_ASKED;
        }
        storeLooked.put(runId, now);
        try {
            return ledger.isReported(runId) ? Looked.DONE : Looked.NOT_DONE;
        } catch (UncheckedIOException e) {
            log.warn("run {}: the report store could not be asked whether it is done with: {}", runId, e.toString());
            return Looked.NO_ANSWER;
        }
    }

    private void abandonIdle(OpenRun run, Instant now) {
        // Records read again (a rebalance replays a partition) count once: what the store holds.
        boolean anything = run.productsConsumed() > 0 || run.errorsConsumed() > 0;
        long products = anything ? run.withStore(RunStore::recordsRead) : 0;
        long errors = anything ? run.withStore(store -> store.forEachError((key, value) -> {})) : 0;
        String reason = "no record or event of the run was read for " + abandonAfter
                + " (pipeline.processor.abandon-after): its fetchers stopped before its final event; what was read "
                + "of it (products: " + products + ", errors: " + errors + ") is dropped";
        Stored marker;
        try {
            marker =
                    abandoned.idle(new AbandonedMarker(run.runId(), reason, now, run.lastActivity(), products, errors));
        } catch (IOException e) {
            log.warn("run {} could not be marked abandoned yet (tried again later): {}", run.runId(), e.toString());
            return;
        }
        log.warn("run {} abandoned: {}", run.runId(), reason);
        announce(run.runId(), marker);
        ledger.reported(run);
    }

    /** Before its offsets are released, like a report's (see {@link RunAnnouncer#announce}). */
    private void announce(String runId, Stored marker) {
        try {
            announcer.announce(runId, ReportState.ABANDONED, marker.location(), marker.sha256(), marker.bytes());
        } catch (RuntimeException e) {
            log.error("run {} is abandoned, and announcing it failed: {}", runId, e.toString(), e);
        }
    }
}
