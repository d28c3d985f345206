package dev.pipeline.cli.run;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.pipeline.common.FetchState;
import java.util.List;

/**
 * A run as the fetcher reports it: {@code GET /api/runs/{runId}}.
 *
 * @param state {@code null} when this CLI does not know it (a newer fetcher's): neither failed nor
 *              fetched, so a watch goes on
 */
public record FetchRun(
        String runId,

        @JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
        FetchState state,

        String startedAt,
        String finishedAt,
        List<SourceProgress> sources) {

    public FetchRun {
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    public boolean failed() {
        return state == FetchState.FAILED;
    }

    /** The fetcher has published everything it will publish for this run. */
    public boolean fetched() {
        return state == FetchState.FETCHED;
    }

    /** The state as the CLI prints it: {@code UNKNOWN} for one it does not know. */
    public String stateName() {
        return StateNames.of(state);
    }

    public long itemsFetched() {
        return sources.stream().mapToLong(SourceProgress::items).sum();
    }
}
