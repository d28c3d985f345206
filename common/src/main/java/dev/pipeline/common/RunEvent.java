package dev.pipeline.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What happens to a run, on {@link Topics#RUNS} keyed by run id, so a run's events stay in order.
 * Every run is made of tasks: one {@link Started} naming its first tasks, then {@link TaskStarted},
 * {@link FetchFailed} and {@link TaskDone} events; it has ended when every task it planned is done
 * (see {@link RunTasks}). An upload is a run of one task, published whole in one transaction.
 * Once the run is done with, the processor instance that reported it adds a {@link Reported}.
 * A reader meets {@code type}s it does not know (events of an older or newer version) as records
 * it cannot read, never as events of a run.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = RunEvent.Started.class, name = "started"),
    @JsonSubTypes.Type(value = RunEvent.FetchFailed.class, name = "fetch_failed"),
    @JsonSubTypes.Type(value = RunEvent.TaskStarted.class, name = "task_started"),
    @JsonSubTypes.Type(value = RunEvent.TaskDone.class, name = "task_done"),
    @JsonSubTypes.Type(value = RunEvent.Reported.class, name = "reported")
})
public sealed interface RunEvent {

    String runId();

    /**
     * The run began; {@code sources} are the names of every source it fetches. {@code startOffsets}
     * maps each {@link Topics#PRODUCTS} partition to its end offset before the run wrote anything:
     * none of the run's records is below it, so a reader can fetch the run's range directly.
     * {@code tasks} are the ids of its first tasks: the {@link FetchTask}s published with it (one
     * per source), or the one task of an upload; a run without any never ends.
     * {@code expectations} are the quality gates of its sources that declared any (by source name):
     * added after the first version, so a start written without them (an older fetcher's) reads as
     * a run without gates, and a reader that does not know them skips them.
     * {@code cursors} names the run's incremental sources (by source name), each with the cursor
     * its first request started from ({@code null} when it started from the beginning): such a
     * source fetched only what changed, so items it did not fetch were not removed. Added after
     * the first version, like {@code expectations}: absent, every source of the run was fetched whole.
     * {@code generations} holds, for each of those sources, the {@link SourceState#generation()} the
     * run read its cursor from: whoever advances the cursor after the run does so only if no set or
     * reset happened since (added with incremental sync; absent reads as generation 0).
     */
    record Started(
            String runId,
            List<String> sources,
            Instant startedAt,
            Map<Integer, Long> startOffsets,
            List<String> tasks,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, SourceExpectations> expectations,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> cursors,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Long> generations)
            implements RunEvent {
        public Started {
            generations = generations == null ? Map.of() : Map.copyOf(generations);
            sources = List.copyOf(sources);
            startOffsets = startOffsets == null ? Map.of() : Map.copyOf(startOffsets);
            tasks = tasks == null ? List.of() : List.copyOf(tasks);
            expectations = expectations == null ? Map.of() : Map.copyOf(expectations);
            // Map.copyOf refuses null values, and a source starting from the beginning has none.
            cursors = cursors == null
                    ? Map.of()
                    : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(cursors));
        }

        /** A start whose incremental sources' cursors are all of generation 0. */
        public Started(
                String runId,
                List<String> sources,
                Instant startedAt,
                Map<Integer, Long> startOffsets,
                List<String> tasks,
                Map<String, SourceExpectations> expectations,
                Map<String, String> cursors) {
            this(runId, sources, startedAt, startOffsets, tasks, expectations, cursors, Map.of());
        }

        /** The {@link SourceState#generation()} the run read {@code source}'s cursor from (0 when none is recorded). */
        public long generation(String source) {
            return generations.getOrDefault(source, 0L);
        }

        /** A start with quality gates and no incremental sources. */
        public Started(
                String runId,
                List<String> sources,
                Instant startedAt,
                Map<Integer, Long> startOffsets,
                List<String> tasks,
                Map<String, SourceExpectations> expectations) {
            this(runId, sources, startedAt, startOffsets, tasks, expectations, Map.of());
        }

        /** Whether {@code source} was fetched incrementally in this run: only what changed since its cursor. */
        public boolean incremental(String source) {
            return cursors.containsKey(source);
        }

        /** A start without quality gates. */
        public Started(
                String runId,
                List<String> sources,
                Instant startedAt,
                Map<Integer, Long> startOffsets,
                List<String> tasks) {
            this(runId, sources, startedAt, startOffsets, tasks, Map.of());
        }
    }

    /**
     * Something fetched did not become a product: a page that failed after its retries, a
     * rejected call, an unparsable page, an invalid item.
     *
     * @param endpoint the URL concerned
     * @param kind     one of {@link ErrorKind}'s wire names
     * @param attempts requests sent for it (0 when none was sent, e.g. circuit open)
     * @param taskAttempt the try of the task that found it ({@link TaskDone#attempt()}): should a
     *                    task be committed twice, only the errors of the try whose {@code TaskDone}
     *                    counts are kept
     */
    record FetchFailed(
            String runId,
            String source,
            String endpoint,
            String error,
            String kind,
            int attempts,
            Instant timestamp,
            String taskAttempt)
            implements RunEvent {}

    /**
     * A fetcher instance took a task. Sent outside the task's transaction, so it is visible even when
     * the instance dies before finishing: a task started by more than one instance was taken over.
     */
    record TaskStarted(String runId, String taskId, String source, String fetcher, Instant startedAt)
            implements RunEvent {}

    /**
     * A task has ended, written in the same Kafka transaction as everything the task published: its
     * products, its {@link FetchFailed} errors and its {@code children}, the tasks it planned (the
     * remaining pages, or the next one). A reader counts only the first {@code TaskDone} of a task.
     *
     * @param attempt     this try of the task, unique: the {@link FetchFailed#taskAttempt()} of its errors
     * @param stats       the task's own share of its source's stats
     * @param pages       pages fetched (for an upload: files read)
     * @param errors      {@link FetchFailed} events the try published
     * @param lastOffsets each {@link Topics#PRODUCTS} partition the task wrote to, to the offset of
     *                    its last record there
     * @param failure     why the task was given up (it went to the dead-letter topic and published
     *                    nothing else); {@code null} when it ran
     * @param endpoint    the first page the task was for ({@code upload} for an upload)
     * @param highWater   for a task of an incremental source, the highest cursor value of the items
     *                    it published ({@link Cursors}); {@code null} when it published none with
     *                    one, and in a {@code TaskDone} written before incremental sync. A task of a
     *                    date window ({@link FetchTask#until()}) reaches at least its window's end: the
     *                    window was fetched whole once every task of its source is clean, which is when
     *                    the cursor advances, so a backfill's empty windows are not fetched again
     * @param withoutCursor items of an incremental source it published whose cursor field was
     *                    missing or not comparable (0 in a {@code TaskDone} written before it)
     */
    record TaskDone(
            String runId,
            String taskId,
            String source,
            String fetcher,
            String attempt,
            List<String> children,
            SourceStats stats,
            long pages,
            long errors,
            Map<Integer, Long> lastOffsets,
            long productsPublished,
            String failure,
            String endpoint,
            Instant finishedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) String highWater,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) Long withoutCursor)
            implements RunEvent {
        public TaskDone {
            // Boxed so that a TaskDone written without it reads as 0: a missing primitive would not read.
            withoutCursor = withoutCursor == null ? 0L : withoutCursor;
            children = children == null ? List.of() : List.copyOf(children);
            lastOffsets = lastOffsets == null ? Map.of() : Map.copyOf(lastOffsets);
            stats = stats == null ? SourceStats.NONE : stats;
        }

        /** A task of a source that is not incremental. */
        public TaskDone(
                String runId,
                String taskId,
                String source,
                String fetcher,
                String attempt,
                List<String> children,
                SourceStats stats,
                long pages,
                long errors,
                Map<Integer, Long> lastOffsets,
                long productsPublished,
                String failure,
                String endpoint,
                Instant finishedAt) {
            this(
                    runId,
                    taskId,
                    source,
                    fetcher,
                    attempt,
                    children,
                    stats,
                    pages,
                    errors,
                    lastOffsets,
                    productsPublished,
                    failure,
                    endpoint,
                    finishedAt,
                    null,
                    0L);
        }
    }

    /**
     * A processor instance is done with the run: it wrote the run's report, or its abandoned-run
     * marker, or gave it up without either. Published by that instance (not in a transaction of the
     * fetchers) after the object is in its store and before it lets the run's offsets be committed,
     * keyed by run id like every event of the run, so it comes after the run's {@link TaskDone}s on
     * their partition. Every processor instance reads it and forgets the run, so none needs to see
     * another's disk; the fetchers' status shows where the report is. Published again, harmlessly,
     * by an owner that finds the object in a shared store without having read its announcement.
     *
     * @param state        {@code COMPLETE} or {@code DEGRADED} (a report), {@code ABANDONED} (a
     *                     marker), {@code FAILED} (given up with neither)
     * @param location     where the object is, as its store names it ({@code file:}, {@code s3:});
     *                     {@code null} for {@code FAILED}
     * @param sha256       the object's SHA-256 in lower-case hex; {@code null} for {@code FAILED}
     * @param bytes        the object's size; {@code null} for {@code FAILED}
     * @param processor    the id of the instance that wrote it
     * @param processorUrl that instance's base URL as others reach it
     *                     ({@code pipeline.processor.advertised-url}); {@code null} when not set
     */
    record Reported(
            String runId,
            String state,
            String location,
            String sha256,
            Long bytes,
            String processor,
            String processorUrl,
            Instant reportedAt)
            implements RunEvent {}
}
