package dev.pipeline.processor.run;

import dev.pipeline.common.report.AbandonedMarker;
import dev.pipeline.common.report.ReportState;
import dev.pipeline.processor.ProcessorProperties;
import dev.pipeline.processor.store.Stored;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
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

    private final RunLedger ledger;
    private final AbandonedRuns abandoned;
    private final Duration abandonAfter;
    private final RunAnnouncer announcer;

    Abandonment(RunLedger ledger, AbandonedRuns abandoned, ProcessorProperties properties) {
        this(ledger, abandoned, properties, RunAnnouncer.NONE);
    }

    @Autowired
    Abandonment(RunLedger ledger, AbandonedRuns abandoned, ProcessorProperties properties, RunAnnouncer announcer) {
        this.ledger = ledger;
        this.abandoned = abandoned;
        this.abandonAfter = properties.abandonAfter();
        this.announcer = announcer;
    }

    /**
     * Forgets open runs that are done with elsewhere and gives up on those that went quiet, so their
     * records stop holding back this instance's commits:
     * <ul>
     * <li>a run whose report or marker another instance has written to a store they share is
     * forgotten (with no shared store, the announcement does it: {@link RunLedger#announced});</li>
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
        for (OpenRun run : ledger.openRuns()) {
            if (run.end() != null) {
                continue; // complete once its records are read: RunCompletion decides
            }
            if (ledger.isReported(run.runId())) {
                ledger.reported(run);
                continue;
            }
            Duration quiet = Duration.between(run.lastActivity(), now);
            boolean owned = run.eventsPartition() != null && ledger.marks().isAssigned(run.eventsPartition());
            if (owned && quiet.compareTo(abandonAfter) >= 0) {
                abandonIdle(run, now);
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
