package dev.pipeline.fetcher.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pipeline.common.FetchState;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A run's state as the REST API shows it; an upload is a run of one task, {@code upload:p0}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunView(
        String runId,
        FetchState state,
        Instant startedAt,
        Instant finishedAt,
        String failure,
        List<SourceView> sources,
        TasksView tasks) {

    /** One source's progress: pages and items fetched, errors recorded, requests sent. */
    public record SourceView(String name, SourceState state, long pages, long items, long errors, long requests) {}

    /** Where one source of a run is. */
    public enum SourceState {
        /** Some of its tasks are not done yet. */
        FETCHING,
        /** Every task planned for it is done, and none of them planned another: nothing more to fetch. */
        FINISHED
    }

    /**
     * The run's fetch tasks: how many are planned so far and done, how many each fetcher instance
     * did, and each task an instance took over after another had started it (and died, or lost its
     * partition) — the takeover.
     */
    public record TasksView(int planned, int done, Map<String, Long> doneBy, List<Takeover> takeovers) {}

    /** {@code task} was started by {@code from}, then taken by {@code to} at {@code at}. */
    public record Takeover(String task, String from, String to, Instant at) {}
}
