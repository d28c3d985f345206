package dev.pipeline.cli.run;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.pipeline.common.report.ReportState;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A run as the processor reports it ({@code GET /api/runs/{runId}}): OPEN with what it has read
 * so far, COMPLETE or DEGRADED (a quality gate missed, {@code reason} says which) with the path of
 * its report (and then no counts), or given up without a report — ABANDONED or FAILED — with the reason.
 *
 * @param state {@code null} when this CLI does not know it (a newer processor's): neither complete
 *              nor given up, so a watch goes on
 */
public record ProcessedRun(
        String runId,

        @JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
        ReportState state,

        long productsConsumed,
        long errors,
        String report,
        String reason) {

    public ProcessedRun(String runId, ReportState state, long productsConsumed, long errors, String report) {
        this(runId, state, productsConsumed, errors, report, null);
    }

    /** Its report is written: COMPLETE, or DEGRADED (a quality gate missed, the report says which). */
    public boolean complete() {
        return state != null && state.reported();
    }

    /** No report will come: the processor gave the run up. */
    public boolean givenUp() {
        return state == ReportState.ABANDONED || state == ReportState.FAILED;
    }

    /** The state as the CLI prints it: {@code UNKNOWN} for one it does not know. */
    public String stateName() {
        return StateNames.of(state);
    }

    public Optional<Path> reportPath() {
        return Optional.ofNullable(report).filter(path -> !path.isBlank()).map(Path::of);
    }
}
