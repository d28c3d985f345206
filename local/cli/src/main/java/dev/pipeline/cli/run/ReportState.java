package dev.pipeline.cli.run;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Where a run's report is as the processor tells it ({@code state} of {@code GET /api/runs/{id}}).
 * A value this CLI does not know (a newer processor's) is {@link #UNKNOWN}: neither complete nor
 * given up, so the watch goes on.
 */
public enum ReportState {
    OPEN,
    COMPLETE,
    /** Given up without a report. */
    ABANDONED,
    /** No report will come: it could not be written. */
    FAILED,
    UNKNOWN;

    @JsonCreator
    public static ReportState of(String value) {
        for (ReportState state : values()) {
            if (state.name().equals(value)) {
                return state;
            }
        }
        return UNKNOWN;
    }
}
