package dev.pipeline.cli.run;

import java.util.Map;

/**
 * A run's fetch tasks as the fetcher reports them ({@code tasks} of {@code GET /api/runs/{id}}):
 * planned, done, done per fetcher instance, and how many one instance took over from another.
 */
public record RunTasks(String state, int planned, int done, Map<String, Integer> doneBy, int takeovers) {

    public RunTasks {
        doneBy = Map.copyOf(doneBy);
    }

    public boolean running() {
        return "RUNNING".equals(state);
    }
}
