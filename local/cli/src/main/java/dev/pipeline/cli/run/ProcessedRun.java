package dev.pipeline.cli.run;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A run as the processor reports it ({@code GET /api/runs/{runId}}): OPEN with what it has read
 * so far, or COMPLETE with the path of its report (and then no counts).
 */
public record ProcessedRun(String runId, String state, long productsConsumed, long errors, String report) {

    public boolean complete() {
        return "COMPLETE".equals(state);
    }

    public Optional<Path> reportPath() {
        return Optional.ofNullable(report).filter(path -> !path.isBlank()).map(Path::of);
    }
}
