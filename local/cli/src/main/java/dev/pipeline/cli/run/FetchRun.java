package dev.pipeline.cli.run;

import java.util.List;

/** A run as the fetcher reports it: {@code GET /api/runs/{runId}}. */
public record FetchRun(String runId, FetchState state, String startedAt, String finishedAt, List<SourceProgress> sources) {

    public FetchRun {
        state = state == null ? FetchState.UNKNOWN : state;
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    public boolean failed() {
        return state == FetchState.FAILED;
    }

    /** The fetcher has published everything it will publish for this run. */
    public boolean fetched() {
        return state == FetchState.FETCHED;
    }

    public long itemsFetched() {
        return sources.stream().mapToLong(SourceProgress::items).sum();
    }
}
