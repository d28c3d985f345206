package dev.pipeline.cli.run;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A run as the processor reports it ({@code GET /api/runs/{runId}}): OPEN with what it has read
 * so far, COMPLETE with the path of its report (and then no counts), or given up without a report
 * — ABANDONED or FAILED — with the reason.
 */
public record ProcessedRun(String runId, ReportState state, long productsConsumed, long errors, String report,
                           String reason) {

    public ProcessedRun {
        state = state == null ? ReportState.UNKNOWN : state;
    }

    public ProcessedRun(String runId, ReportState state, long productsConsumed, long errors, String report) {
        this(runId, state, productsConsumed, errors, report, null);
    }

    public boolean complete() {
        return state == ReportState.COMPLETE;
    }

    /** No report will come: the processor gave the run up. */
    public boolean givenUp() {
        return state == ReportState.ABANDONED || state == ReportState.FAILED;
    }

    public Optional<Path> reportPath() {
        return Optional.ofNullable(report).filter(path -> !path.isBlank()).map(Path::of);
    }
}
