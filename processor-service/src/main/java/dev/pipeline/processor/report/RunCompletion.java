package dev.pipeline.processor.report;

import dev.pipeline.common.RunEvent;
import dev.pipeline.common.Topics;
import dev.pipeline.processor.run.OpenRun;
import dev.pipeline.processor.run.PartitionMarks;
import dev.pipeline.processor.run.RunLedger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides exactly when a run is complete — its final event has been read and every products
 * partition has been consumed past the offset that event names for it — and then has its report
 * written, once. No timers and no quiet periods: completion follows from offsets alone.
 */
@Component
public class RunCompletion {

    private static final Logger log = LoggerFactory.getLogger(RunCompletion.class);

    private final RunLedger ledger;
    private final ReportWriter writer;
    private final RangeReader rangeReader;
    private final Timer writeTime;
    private final Counter completed;
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();

    RunCompletion(RunLedger ledger, ReportWriter writer, RangeReader rangeReader, MeterRegistry meters) {
        this.ledger = ledger;
        this.writer = writer;
        this.rangeReader = rangeReader;
        this.writeTime = Timer.builder("pipeline.report.write").description("time to write a run's report")
                .register(meters);
        this.completed = Counter.builder("pipeline.runs.completed").description("runs reported").register(meters);
        meters.gauge("pipeline.runs.open", ledger.openRuns(), Collection::size);
    }

    /**
     * Reports every run that is complete now. Called after each record read, by whichever
     * consumer thread may have completed a run; a run is claimed by one thread only.
     *
     * @throws UncheckedIOException if a report could not be written; the run stays open and the
     *                              caller's record is retried, which checks again
     */
    public void reportCompleteRuns() {
        for (OpenRun run : ledger.openRuns()) {
            if (isComplete(run) && claimed.add(run.runId())) {
                try {
                    report(run);
                } finally {
                    claimed.remove(run.runId());
                }
            }
        }
    }

    /**
     * Complete when the final event is here and every partition it names that this instance
     * consumes has been consumed past its offset; partitions consumed elsewhere are read directly.
     */
    private boolean isComplete(OpenRun run) {
        RunEvent.Fetched fetched = run.fetched();
        if (fetched == null) {
            return false;
        }
        PartitionMarks marks = ledger.marks();
        for (Map.Entry<Integer, Long> last : fetched.lastOffsets().entrySet()) {
            TopicPartition partition = new TopicPartition(Topics.PRODUCTS, last.getKey());
            if (marks.isAssigned(partition) && marks.position(partition) <= last.getValue()) {
                return false;
            }
        }
        return true;
    }

    private List<Integer> consumedElsewhere(OpenRun run) {
        return run.fetched().lastOffsets().keySet().stream()
                .filter(p -> !ledger.marks().isAssigned(new TopicPartition(Topics.PRODUCTS, p))).sorted().toList();
    }

    private void report(OpenRun run) {
        if (ledger.find(run.runId()).isEmpty()) {
            return; // another thread reported it between the check and the claim
        }
        if (ledger.isReported(run.runId())) {
            ledger.reported(run); // another instance wrote it (its events' partition moved): written once
            return;
        }
        try {
            List<Integer> elsewhere = consumedElsewhere(run);
            if (!elsewhere.isEmpty()) {
                rangeReader.read(run, elsewhere);
            }
            ledger.checkRecordsRead(run); // every record of the run that can still be read has been
            Path report = writeTime.recordCallable(() -> writer.write(run));
            ledger.reported(run);
            completed.increment();
            log.info("run {} complete: report {}", run.runId(), report);
        } catch (IOException e) {
            throw new UncheckedIOException("report of run " + run.runId() + " not written", e);
        } catch (Exception e) {
            throw new IllegalStateException("report of run " + run.runId() + " not written", e);
        }
    }
}
