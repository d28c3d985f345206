package dev.pipeline.processor;

import dev.pipeline.common.FetchTask;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.SourceStats;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Test support: a run's events as the fetchers publish them, for tests that write runs by hand. A run
 * is started with one first task per source ({@code <source>:p0}), and each source's task ends with
 * its {@code TaskDone}: once every source's is read, the run has ended (an upload is such a run, of
 * one source). A source's errors name the try its {@code TaskDone} is, so they count.
 */
public final class TaskRuns {

    private TaskRuns() {}

    /** The start of a run of {@code sources}, one first task each, with no start offsets. */
    public static RunEvent.Started started(String runId, List<String> sources) {
        return started(runId, sources, Map.of());
    }

    public static RunEvent.Started started(String runId, List<String> sources, Map<Integer, Long> startOffsets) {
        return started(runId, sources, Instant.now(), startOffsets);
    }

    public static RunEvent.Started started(
            String runId, List<String> sources, Instant startedAt, Map<Integer, Long> startOffsets) {
        return new RunEvent.Started(
                runId,
                sources,
                startedAt,
                startOffsets,
                sources.stream().map(TaskRuns::taskOf).toList());
    }

    /**
     * The end of {@code source}'s one task: its stats, and where its records end.
     *
     * @param lastOffsets       each products partition the task wrote to, to the offset of its last record there
     * @param productsPublished the product records it published
     */
    public static RunEvent.TaskDone done(
            String runId, String source, SourceStats stats, Map<Integer, Long> lastOffsets, long productsPublished) {
        return done(runId, source, stats, lastOffsets, productsPublished, Instant.now());
    }

    public static RunEvent.TaskDone done(
            String runId,
            String source,
            SourceStats stats,
            Map<Integer, Long> lastOffsets,
            long productsPublished,
            Instant finishedAt) {
        return new RunEvent.TaskDone(
                runId,
                taskOf(source),
                source,
                "test-fetcher",
                attemptOf(source),
                List.of(),
                stats,
                stats.succeeded(),
                0,
                lastOffsets,
                productsPublished,
                null,
                "http://upstream/" + source,
                finishedAt);
    }

    /** An error found by {@code source}'s one task, in the try its {@link #done} ends. */
    public static RunEvent.FetchFailed error(
            String runId, String source, String endpoint, String error, String kind, int attempts) {
        return error(runId, source, endpoint, error, kind, attempts, Instant.now());
    }

    public static RunEvent.FetchFailed error(
            String runId, String source, String endpoint, String error, String kind, int attempts, Instant at) {
        return new RunEvent.FetchFailed(runId, source, endpoint, error, kind, attempts, at, attemptOf(source));
    }

    private static String taskOf(String source) {
        return FetchTask.pageTaskId(source, 0);
    }

    private static String attemptOf(String source) {
        return "try-of-" + source;
    }
}
