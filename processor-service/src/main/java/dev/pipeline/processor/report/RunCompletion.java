package dev.pipeline.processor.report;

import dev.pipeline.common.RunEnd;
import dev.pipeline.common.Topics;
import dev.pipeline.common.report.ReportState;
import dev.pipeline.processor.ProcessorProperties;
import dev.pipeline.processor.quality.QualityGates;
import dev.pipeline.processor.quality.QualityVerdict;
import dev.pipeline.processor.run.OpenRun;
import dev.pipeline.processor.run.PartitionMarks;
import dev.pipeline.processor.run.RangeRead;
import dev.pipeline.processor.run.RunAnnouncer;
import dev.pipeline.processor.run.RunLedger;
import dev.pipeline.processor.store.Locations;
import dev.pipeline.processor.store.ReportStore;
import dev.pipeline.processor.store.Stored;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Decides exactly when a run is complete — every task of it is done ({@link RunEnd}) and every
 * products partition has been consumed past the last offset its tasks name for it — and then has
 * its report written, once. No timers and no quiet periods: completion follows from offsets alone.
 *
 * <p>One run's report failing is that run's alone. A failure of the run's own (see
 * {@link Failures}) is tried again with backoff, {@code report-tries} times in all, while other
 * runs are reported; then the run gets a report with a {@code report_failed} error, or, if even
 * that cannot be written, is given up as failed. A failure of the environment (the output or work
 * directory cannot be written, the report store does not answer) is an {@link Outage}: consumption
 * pauses (an {@link OutageChanged} event), offsets stay behind every unreported run, and a retrier
 * thread probes until the directories take writes again, the store answers and the waiting reports
 * are written; then consumption resumes.
 *
 * <p>Before a report is written the run's quality gates are checked ({@link QualityGates}); a run
 * that missed one is reported with the reasons and ends {@code DEGRADED}. A run that ends
 * {@code DEGRADED} or {@code FAILED} is announced once, as a {@link RunEnded} event, by the instance
 * that wrote its report or gave it up (the failure webhook listens). A run whose report was written
 * ({@code COMPLETE} or {@code DEGRADED}, not a {@code report_failed} one) is announced once, right
 * after, as a {@link RunReported} event (incremental sources' cursors advance on it).
 *
 * <p>Between processor instances, through Kafka ({@link RunAnnouncer}): before a report the
 * announcements of the run's {@code pipeline.runs} partition are read to its end (a run another
 * instance announced is forgotten, not reported twice); once the report is written, or the run
 * given up, it is announced, before its offsets are released.
 */
@Component
public class RunCompletion implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RunCompletion.class);

    /** The longest wait between two probes of a failing disk: space that comes back is used soon. */
    private static final Duration MAX_PROBE_WAIT = Duration.ofSeconds(10);

    private static final Duration RETRIER_TICK = Duration.ofMillis(100);

    /** The run the probe asks the report store about: a valid run id no run has (the fetcher's are UUIDs). */
    private static final String PROBE_RUN = "outage-probe";

    private final RunLedger ledger;
    private final ReportWriter writer;
    private final RangeRead rangeReader;
    private final ApplicationEventPublisher events;
    private final ReportStore store;
    private final Path workDir;
    private final ReportRetries retries;
    private final Outage outage;
    private final Timer writeTime;
    private final Counter completed;
    private final Counter reportedFailed;
    private final Counter runsFailed;
    private final Counter runsDegraded;
    private final QualityGates gates;
    private final RunAnnouncer announcer;
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService retrier = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "report-retrier");
        thread.setDaemon(true);
        return thread;
    });

    RunCompletion(
            RunLedger ledger,
            ReportWriter writer,
            RangeRead rangeReader,
            ProcessorProperties properties,
            ReportStore store,
            ApplicationEventPublisher events,
            MeterRegistry meters,
            QualityGates gates,
            RunAnnouncer announcer) {
        this.ledger = ledger;
        this.announcer = announcer;
        this.gates = gates;
        this.writer = writer;
        this.rangeReader = rangeReader;
        this.events = events;
        // The store's scratch directory is the output directory of a local store: probed as before.
        this.store = store;
        this.workDir = properties.workDir();
        this.retries = new ReportRetries(properties.reportTries(), properties.reportRetryBackoff());
        this.outage = new Outage(properties.reportRetryBackoff(), MAX_PROBE_WAIT);
        this.writeTime = Timer.builder("pipeline.report.write")
                .description("time to write a run's report")
                .register(meters);
        this.completed = Counter.builder("pipeline.runs.completed")
                .description("runs reported")
                .register(meters);
        this.reportedFailed = Counter.builder("pipeline.reports.failed")
                .description("runs reported with a report_failed error after their tries")
                .register(meters);
        this.runsFailed = Counter.builder("pipeline.runs.failed")
                .description("runs given up: not even a report_failed report could be written")
                .register(meters);
        this.runsDegraded = Counter.builder("pipeline.runs.degraded")
                .description("runs reported that missed a quality gate of one of their sources")
                .register(meters);
        meters.gauge("pipeline.runs.open", ledger.openRuns(), Collection::size);
        Gauge.builder("pipeline.reports.retrying", retries, r -> r.failing().size())
                .description("runs whose report failed and is tried again")
                .register(meters);
        Gauge.builder("pipeline.reports.blocked", outage, o -> o.current() == null ? 0 : 1)
                .description("1 while the output cannot be written and consumption is paused")
                .register(meters);
        long tick = RETRIER_TICK.toMillis();
        retrier.scheduleWithFixedDelay(this::retry, tick, tick, TimeUnit.MILLISECONDS);
    }

    /**
     * Reports every run that is complete now (and not waiting for its next try). Called after each
     * record read, by whichever consumer thread may have completed a run; a run is claimed by one
     * thread only. Never throws for a report that fails: see the class comment. During an outage
     * it does nothing: the retrier alone tries.
     */
    public void reportCompleteRuns() {
        if (outage.current() == null) {
            reportDue();
        }
    }

    /**
     * A record could not be taken: a run's store could not be written (the work directory's disk), or
     * the report store could not be asked whether the record's run is done with (an object store that
     * does not answer, an {@link UncheckedIOException}). An outage like a report that cannot be
     * written: consumption pauses, and the retrier probes the directories and the report store.
     */
    public void storeFailed(RuntimeException failure) {
        String what = failure instanceof UncheckedIOException
                ? "the report store " + store.describe() + " cannot be read: "
                : "the work directory cannot be written: ";
        blocked(null, what + Failures.describe(failure));
    }

    /** Why reports are blocked now, if they are. */
    public Optional<String> blockedBy() {
        Outage.State state = outage.current();
        return Optional.ofNullable(state == null ? null : state.reason());
    }

    Outage.State outage() {
        return outage.current();
    }

    ReportRetries retries() {
        return retries;
    }

    /** @return whether a report failed for the environment (the rest are not tried then) */
    private boolean reportDue() {
        Instant now = Instant.now();
        for (OpenRun run : ledger.openRuns()) {
            if (isComplete(run) && retries.isDue(run.runId(), now) && claimed.add(run.runId())) {
                boolean environment;
                try {
                    environment = report(run);
                } finally {
                    claimed.remove(run.runId());
                }
                if (environment) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Complete when every task is done and every partition its tasks name that this instance
     * consumes has been consumed past its offset; partitions consumed elsewhere are read directly.
     */
    private boolean isComplete(OpenRun run) {
        RunEnd end = run.end();
        if (end == null) {
            return false;
        }
        PartitionMarks marks = ledger.marks();
        for (Map.Entry<Integer, Long> last : end.lastOffsets().entrySet()) {
            TopicPartition partition = new TopicPartition(Topics.PRODUCTS, last.getKey());
            if (marks.isAssigned(partition) && marks.position(partition) <= last.getValue()) {
                return false;
            }
        }
        return true;
    }

    private List<Integer> consumedElsewhere(OpenRun run) {
        return run.end().lastOffsets().keySet().stream()
                .filter(p -> !ledger.marks().isAssigned(new TopicPartition(Topics.PRODUCTS, p)))
                .sorted()
                .toList();
    }

    /** @return whether the report failed for the environment */
    private boolean report(OpenRun run) {
        String runId = run.runId();
        if (ledger.find(runId).isEmpty()) {
            retries.forget(runId);
            return false; // another thread reported it between the check and the claim
        }
        boolean lastResort = retries.exhausted(runId);
        try {
            // In the try: asking the store whether the run is reported fails as writing to it does
            // (an object store that does not answer), and that is an outage, never the run's failure.
            if (!announcer.catchUp(run.eventsPartition())) {
                log.warn("run {}: the announcements of its partition were not all read in time; reporting it", runId);
            }
            if (ledger.isReported(runId)) {
                retries.forget(runId);
                ledger.reported(run); // another instance wrote it (its events' partition moved): written once
                announcer.reannounceIfUnannounced(runId, run.eventsPartition());
                return false;
            }
            List<Integer> elsewhere = consumedElsewhere(run);
            if (!elsewhere.isEmpty()) {
                rangeReader.read(run, elsewhere);
            }
            ledger.checkRecordsRead(run); // every record of the run that can still be read has been
            QualityVerdict quality = lastResort ? qualityIfItCanBeChecked(run) : gates.check(run);
            Stored report =
                    lastResort ? writeFailed(run, quality) : writeTime.recordCallable(() -> writer.write(run, quality));
            announce(runId, quality, report);
            ledger.reported(run);
            retries.forget(runId);
            completed.increment();
            if (quality != null && quality.degraded()) {
                runsDegraded.increment();
                log.warn(
                        "run {} DEGRADED: report {}; {}",
                        runId,
                        Locations.shown(report.location()),
                        String.join("; ", quality.reasons()));
                announce(new RunEnded(runId, ReportState.DEGRADED, quality.reasons(), report));
            } else {
                log.info("run {} complete: report {}", runId, Locations.shown(report.location()));
            }
            // A cursor moves past what a report holds: not for a last resort, nor for a report missing
            // records the run published (they are in no report).
            if (!lastResort && run.missingRecords() == 0) {
                announce(RunReported.of(run, quality, report));
            }
            return false;
        } catch (Exception e) {
            if (Failures.environmental(e)) {
                blocked(runId, "the report of run " + runId + " cannot be written: " + Failures.describe(e));
                return true;
            }
            if (lastResort) {
                giveUp(run, e);
                return false;
            }
            ReportRetries.Failing failing = retries.failed(runId, Failures.describe(e), Instant.now());
            if (failing.tries() == 1) {
                log.warn("report of run {} failed (try 1 of {}); other runs go on", runId, retries.maxTries(), e);
            } else {
                log.warn(
                        "report of run {} failed (try {} of {}): {}",
                        runId,
                        failing.tries(),
                        retries.maxTries(),
                        failing.lastFailure());
            }
            // The last try failed: the report with what can be written, at once.
            return retries.exhausted(runId) && report(run);
        }
    }

    /**
     * The last try's gates: checked again, and left out (a report without {@code quality}, logged)
     * should the check itself be what fails for the run, so that the report of what can be written
     * is still written.
     */
    private QualityVerdict qualityIfItCanBeChecked(OpenRun run) {
        try {
            return gates.check(run);
        } catch (RuntimeException e) {
            if (Failures.environmental(e)) {
                throw e;
            }
            log.error(
                    "run {}: its quality gates cannot be checked, its report has none: {}", run.runId(), e.toString());
            return null;
        }
    }

    private Stored writeFailed(OpenRun run, QualityVerdict quality) throws IOException {
        ReportRetries.Failing failing = retries.of(run.runId());
        String failure = "the report failed " + failing.tries() + " times, the last with: " + failing.lastFailure();
        Stored report = writer.writeFailed(run, quality, failure, failing.tries());
        reportedFailed.increment();
        log.error("run {} reported with a report_failed error: {}", run.runId(), failure);
        return report;
    }

    /** Not even the report of what could be written: the run is given up, visibly, and its offsets released. */
    private void giveUp(OpenRun run, Exception e) {
        ReportRetries.Failing failing = retries.of(run.runId());
        String reason = "no report: it failed " + failing.tries() + " times (the last with: " + failing.lastFailure()
                + "), and so did the report of what could be written: " + Failures.describe(e);
        // Counted first: whoever sees the run FAILED (GET /api/runs/{id}) also sees it counted.
        runsFailed.increment();
        announcer.announce(run.runId(), ReportState.FAILED, null, null, null);
        ledger.failed(run, reason);
        retries.forget(run.runId());
        log.error("run {} FAILED: {}", run.runId(), reason, e);
        announce(new RunEnded(run.runId(), ReportState.FAILED, List.of(reason), null));
    }

    /**
     * Tells every instance the report is written, before the run's offsets are released: a crash
     * before it leaves the run's events to be read again, and their next reader announces it. A
     * report written is never undone by its announcement (one not written yet is sent again).
     */
    private void announce(String runId, QualityVerdict quality, Stored report) {
        ReportState state = quality != null && quality.degraded() ? ReportState.DEGRADED : ReportState.COMPLETE;
        try {
            announcer.announce(runId, state, report.location(), report.sha256(), report.bytes());
        } catch (RuntimeException e) {
            log.error("run {} is reported, and announcing it failed: {}", runId, e.toString(), e);
        }
    }

    /**
     * Once the report is written (or the run given up): a listener that throws must not turn a
     * written report into a failed one, so what it throws is logged, never passed on.
     */
    private void announce(RunEnded ended) {
        try {
            events.publishEvent(ended);
        } catch (RuntimeException e) {
            log.error("run {} ended {}, and announcing it failed: {}", ended.runId(), ended.state(), e.toString(), e);
        }
    }

    /** As {@link #announce(RunEnded)}: a report written is never undone by its listeners. */
    private void announce(RunReported reported) {
        try {
            events.publishEvent(reported);
        } catch (RuntimeException e) {
            log.error("run {} reported, and announcing it failed: {}", reported.runId(), e.toString(), e);
        }
    }

    private void blocked(String runId, String reason) {
        if (outage.begin(runId, reason, Instant.now())) {
            log.warn("reports blocked, consumption paused until they can be written: {}", reason);
            events.publishEvent(new OutageChanged(reason));
        }
    }

    /** On the retrier thread: retries that are due, and probes while reports are blocked. */
    private void retry() {
        try {
            Instant now = Instant.now();
            Outage.State seen = outage.current();
            if (seen == null) {
                if (retries.anyDue(now)) {
                    reportDue();
                }
                return;
            }
            if (now.isBefore(seen.nextProbe())) {
                return;
            }
            String refused = probe();
            if (refused != null) {
                outage.begin(seen.runId(), refused, now);
                outage.probeFailed(now);
                return;
            }
            if (reportDue() || !outage.end(seen)) {
                outage.probeFailed(now);
                return;
            }
            log.info(
                    "reports can be written again after {}: consumption resumes",
                    Duration.between(seen.since(), Instant.now()));
            events.publishEvent(new OutageChanged(null));
        } catch (RuntimeException e) {
            log.error("report retrier: {}", e.toString(), e);
        }
    }

    /**
     * Writes a few kilobytes to each directory and forces them to disk: a full disk refuses them.
     * Then asks the report store about a run that is not there (for an object store, one request):
     * a store that does not answer keeps the outage, so the records it stopped are not let through
     * only to stop at once again.
     *
     * @return what refused them, or {@code null} when both took them and the store answered
     */
    private String probe() {
        List<Path> directories;
        try {
            directories = List.of(store.scratchDirectory(), workDir);
        } catch (UncheckedIOException e) {
            return Failures.describe(e);
        }
        String refused = probe(directories);
        if (refused != null) {
            return refused;
        }
        try {
            store.find(PROBE_RUN, ReportStore.Kind.REPORT);
            return null;
        } catch (IOException | RuntimeException e) {
            return "the report store " + store.describe() + " cannot be read: " + Failures.describe(e);
        }
    }

    private static String probe(List<Path> directories) {
        for (Path directory : directories) {
            Path probe = directory.resolve(".probe-" + UUID.randomUUID() + ".tmp");
            try {
                if (Files.notExists(directory)) {
                    Files.createDirectories(directory); // as a write would: a directory removed is no outage
                }
                try (FileChannel channel =
                        FileChannel.open(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    channel.write(ByteBuffer.allocate(4096));
                    channel.force(true);
                } finally {
                    Files.deleteIfExists(probe);
                }
            } catch (IOException | RuntimeException e) {
                // The probe file's own name is noise: "Not a directory", "No space left on device".
                String why = e instanceof FileSystemException refused && refused.getReason() != null
                        ? refused.getReason()
                        : Failures.describe(e);
                return directory + " cannot be written: " + why;
            }
        }
        return null;
    }

    @Override
    public void destroy() throws InterruptedException {
        retrier.shutdownNow();
        retrier.awaitTermination(10, TimeUnit.SECONDS);
    }
}
