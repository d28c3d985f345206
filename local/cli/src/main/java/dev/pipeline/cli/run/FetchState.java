package dev.pipeline.cli.run;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Where a run is as the fetcher tells it ({@code state} of {@code GET /api/runs/{id}}). A value this
 * CLI does not know (a newer fetcher's) is {@link #UNKNOWN}: neither failed nor fetched, so the
 * watch goes on.
 */
public enum FetchState {
    RUNNING,
    /** Every task of the run is done: the fetcher has published everything it will for it. */
    FETCHED,
    FAILED,
    UNKNOWN;

    @JsonCreator
    public static FetchState of(String value) {
        for (FetchState state : values()) {
            if (state.name().equals(value)) {
                return state;
            }
        }
        return UNKNOWN;
    }
}
