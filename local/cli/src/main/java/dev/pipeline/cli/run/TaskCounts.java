package dev.pipeline.cli.run;

import java.util.Map;

/**
 * A run's fetch tasks as the fetcher counts them ({@code tasks} of {@code GET /api/runs/{id}}), with
 * the run's state: planned, done, done per fetcher instance, and how many one instance took over
 * from another.
 */
public record TaskCounts(FetchState state, int planned, int done, Map<String, Integer> doneBy, int takeovers) {

    public TaskCounts {
        doneBy = Map.copyOf(doneBy);
    }

    public boolean running() {
        return state == FetchState.RUNNING;
    }
}
