package dev.pipeline.processor.run;

/**
 * Where a run's report is, as the processor tells it ({@code GET /api/runs/{runId}}, and the
 * abandoned-run marker): its name is the wire value.
 */
public enum ReportState {
    /** Being read: no report yet. */
    OPEN,
    /** Its report is written. */
    COMPLETE,
    /** It has no report, and never will: the report could not be written. */
    FAILED,
    /** Given up without a report: nothing of it was read for too long, or it was one open run too many. */
    ABANDONED
}
