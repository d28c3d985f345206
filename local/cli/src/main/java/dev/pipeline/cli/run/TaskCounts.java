package dev.pipeline.cli.run;

import dev.pipeline.common.FetchState;
import java.util.Map;

/**
 * A run's fetch tasks as the fetcher counts them ({@code tasks} of {@code GET /api/runs/{id}}), with
 * the run's state: planned, done, done per fetcher instance, and how many one instance took over
 * from another.
 *
 * @param state {@code null} when this CLI does not know it (a newer fetcher's): not running
 */
public record TaskCounts(FetchState state, int planned, int done, Map<String, Integer> doneBy, int takeovers) {

    public TaskCounts {
        doneBy = Map.copyOf(doneBy);
    }

    public boolean running() {
        return state == FetchState.RUNNING;
    }

    /** The state as the CLI prints it: {@code UNKNOWN} for one it does not know. */
    public String stateName() {
        return StateNames.of(state);
    }
}
