package dev.pipeline.common;

import java.util.Optional;

/**
 * Where a run is, as the fetcher sees it ({@code state} of its {@code GET /api/runs/{runId}}); the
 * report itself is the processor's ({@link dev.pipeline.common.report.ReportState}). Its name is the
 * wire value. The CLI reads it too; a value it does not know (a newer fetcher's) it reads as none of
 * these ({@link #parse}).
 */
public enum FetchState {
    /** Sources are being fetched. */
    RUNNING,
    /** Every task of the run is done (see {@link RunTasks}): everything fetched is on Kafka. */
    FETCHED,
    /** The run's records could not all be written to Kafka; it will not be reported. */
    FAILED;

    /** The state whose wire value {@code value} is; empty for {@code null} or a value this build does not know. */
    public static Optional<FetchState> parse(String value) {
        for (FetchState state : values()) {
            if (state.name().equals(value)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
