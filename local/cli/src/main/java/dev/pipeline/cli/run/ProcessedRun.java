package dev.pipeline.cli.run;

/** A run as the processor reports it: {@code GET /api/runs/{runId}}. */
public record ProcessedRun(String runId, String state, long productsConsumed, long errors) {

    public boolean complete() {
        return "COMPLETE".equals(state);
    }
}
