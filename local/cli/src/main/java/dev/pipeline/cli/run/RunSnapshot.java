package dev.pipeline.cli.run;

import java.util.Optional;

/** One look at a run from both sides: the fetcher's, and the processor's once it has seen the run. */
public record RunSnapshot(FetchRun fetch, Optional<ProcessedRun> processed) {

    public long productsProcessed() {
        return processed.map(ProcessedRun::productsConsumed).orElse(0L);
    }

    public long errorsProcessed() {
        return processed.map(ProcessedRun::errors).orElse(0L);
    }
}
