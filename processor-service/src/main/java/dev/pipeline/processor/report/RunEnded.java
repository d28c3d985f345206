package dev.pipeline.processor.report;

import dev.pipeline.common.report.ReportState;
import dev.pipeline.processor.store.Stored;
import java.util.List;

/**
 * A run ended in a state someone should hear of — {@code DEGRADED} (its report written, a quality
 * gate missed) or {@code FAILED} (no report) — published by the instance that wrote its report or
 * gave it up, once, right after that: never for {@code COMPLETE}. Listeners must not block: the
 * thread is the one that reports runs.
 *
 * @param reasons the gates missed, or why the run failed
 * @param report  its report in the report store, {@code null} when it has none
 */
public record RunEnded(String runId, ReportState state, List<String> reasons, Stored report) {

    public RunEnded {
        reasons = List.copyOf(reasons);
    }
}
