package dev.pipeline.common.report;

import java.util.Optional;

/**
 * Where a run's report is, as the processor tells it ({@code state} of {@code GET /api/runs/{runId}},
 * and of the abandoned-run marker, {@link AbandonedMarker}): its name is the wire value. The CLI reads
 * it too; a value it does not know (a newer processor's) it reads as none of these ({@link #parse}).
 */
public enum ReportState {
    /** Being read: no report yet. */
    OPEN,
    /** Its report is written. */
    COMPLETE,
    /**
     * Its report is written, and it missed one of its sources' quality gates: the report's
     * {@code quality} section says which. A CLI older than this reads it as a state it does not know.
     */
    DEGRADED,
    /** It has no report, and never will: the report could not be written. */
    FAILED,
    /** Given up without a report: nothing of it was read for too long, or it was one open run too many. */
    ABANDONED;

    /** Whether the run has its report: {@link #COMPLETE} or {@link #DEGRADED}. */
    public boolean reported() {
        return this == COMPLETE || this == DEGRADED;
    }

    /** The state whose wire value {@code value} is; empty for {@code null} or a value this build does not know. */
    public static Optional<ReportState> parse(String value) {
        for (ReportState state : values()) {
            if (state.name().equals(value)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
