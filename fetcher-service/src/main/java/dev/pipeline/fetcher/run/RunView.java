package dev.pipeline.fetcher.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pipeline.common.FetchState;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run's state as the REST API shows it; an upload is a run of one task, {@code upload:p0}.
 * {@code report} is absent until a processor instance has announced the run as done with.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunView(
        String runId,
        FetchState state,
        Instant startedAt,
        Instant finishedAt,
        String failure,
        List<SourceView> sources,
        TasksView tasks,
        ReportView report) {

    /** A view without the processor's announcement (not read yet). */
    public RunView(
            String runId,
            FetchState state,
            Instant startedAt,
            Instant finishedAt,
            String failure,
            List<SourceView> sources,
            TasksView tasks) {
        this(runId, state, startedAt, finishedAt, failure, sources, tasks, null);
    }

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

    /**
     * Where the run's report is, as the processor instance that wrote it announced it
     * ({@code reported} on {@code pipeline.runs}): {@code state} is the report's ({@code COMPLETE},
     * {@code DEGRADED}, {@code ABANDONED}, {@code FAILED}), not the fetch's; {@code location},
     * {@code sha256} and {@code bytes} are absent for {@code FAILED}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReportView(
            String state,
            String location,
            String sha256,
            Long bytes,
            String processor,
            String processorUrl,
            Instant reportedAt) {}
}
