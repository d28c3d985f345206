package dev.pipeline.processor.report;

import dev.pipeline.common.RunEvent;
import dev.pipeline.common.report.ReportState;
import dev.pipeline.processor.quality.QualityVerdict;
import dev.pipeline.processor.run.OpenRun;
import dev.pipeline.processor.run.SourceCursor;
import dev.pipeline.processor.store.Stored;
import java.util.Map;

/**
 * A run's report is in the report store: published once, by the instance that wrote it, right after, for a run
 * that ended {@code COMPLETE} or {@code DEGRADED} (not for a run given up, nor for a report of what
 * could be written after its tries failed). Incremental sources' cursors advance on it and on
 * nothing else, so a cursor is never ahead of the reports. Listeners must not block: the thread is
 * the one that reports runs.
 *
 * @param started its start: which sources were incremental, from which cursor and generation
 * @param cursors per source, what its counted tasks say about the cursor
 * @param report  the report written: where it is, its size and SHA-256
 */
public record RunReported(
        String runId, ReportState state, RunEvent.Started started, Map<String, SourceCursor> cursors, Stored report) {

    public RunReported {
        cursors = Map.copyOf(cursors);
    }

    static RunReported of(OpenRun run, QualityVerdict quality, Stored report) {
        return new RunReported(
                run.runId(),
                quality != null && quality.degraded() ? ReportState.DEGRADED : ReportState.COMPLETE,
                run.started(),
                run.sourceCursors(),
                report);
    }
}
