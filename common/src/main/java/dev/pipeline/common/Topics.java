package dev.pipeline.common;

import java.time.Duration;
import java.util.Map;

/**
 * Topic names and policies. The fetcher declares {@link #PRODUCTS}, {@link #RUNS},
 * {@link #FETCH_TASKS}, {@link #FETCH_TASKS_DLT}, {@link #SCHEDULES}, {@link #SOURCE_STATE} and
 * {@link #SOURCE_QUOTA}, the processor its dead-letter topics
 * ({@link #PRODUCTS_DLT}, {@link #RUNS_DLT}); the processor's consumers never create a topic
 * themselves.
 */
public final class Topics {

    /** Compacted: a re-fetched product supersedes its older value. Keyed by {@link ProductKey}. */
    public static final String PRODUCTS = "pipeline.products";
    /** Run events ({@link RunEvent}), keyed by run id so a run's events stay in order. */
    public static final String RUNS = "pipeline.runs";
    /**
     * A run's pages as {@link FetchTask}s, keyed by {@link FetchTask#key}: every fetcher instance in
     * the {@link #FETCHER_GROUP} takes its share. Written and consumed in Kafka transactions.
     */
    public static final String FETCH_TASKS = "pipeline.fetch-tasks";
    /** Fetch tasks that kept failing, with the reason in headers; each is also an error of its run. */
    public static final String FETCH_TASKS_DLT = "pipeline.fetch-tasks.DLT";

    public static final String FETCHER_GROUP = "pipeline-fetchers";

    /**
     * Each schedule's last tick fired and its run, keyed by schedule name: one partition, compacted,
     * written only by the fetcher instance of the {@link #SCHEDULER_GROUP} that owns that partition,
     * in the transaction that starts the tick's run.
     */
    public static final String SCHEDULES = "pipeline.schedules";
    /** The fetchers' group on {@link #SCHEDULES}: the member that holds its one partition fires the ticks. */
    public static final String SCHEDULER_GROUP = "pipeline-schedulers";
    /**
     * Each incremental source's cursor ({@link SourceState}), keyed by source name: one partition,
     * compacted. Read to its end by a fetcher when a run starts; advanced by the processor instance
     * that reported a run, after its report is written; set or reset through a fetcher's API.
     */
    public static final String SOURCE_STATE = "pipeline.source-state";
    /**
     * The quota each source's API last announced, as a fetcher instance saw it in a response, keyed
     * by source name: one partition, compacted, written (at most once a second per source and
     * instance) and read by the fetchers only, so that together they stay within a quota the API
     * counts for all of them. JSON, fetchers only.
     */
    public static final String SOURCE_QUOTA = "pipeline.source-quota";
    /** Records of {@link #PRODUCTS} the processor could not read, with the reason in headers. */
    public static final String PRODUCTS_DLT = "pipeline.products.DLT";
    /** Events of {@link #RUNS} the processor could not read, with the reason in headers. */
    public static final String RUNS_DLT = "pipeline.runs.DLT";

    /**
     * Compaction must never remove a record of a run that has not been reported yet, so a record
     * stays uncompacted for far longer than any run takes.
     */
    public static final Duration MIN_COMPACTION_LAG = Duration.ofDays(1);

    public static final Duration RUNS_RETENTION = Duration.ofDays(7);

    private Topics() {}

    public static Map<String, String> productsConfig() {
        return Map.of(
                "cleanup.policy", "compact", "min.compaction.lag.ms", Long.toString(MIN_COMPACTION_LAG.toMillis()));
    }

    public static Map<String, String> runsConfig() {
        return Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(RUNS_RETENTION.toMillis()));
    }

    /**
     * A day: a task left undone that long belongs to a run the processor has given up on. Kept short
     * because a fetcher group that lost its committed offsets starts from the earliest task.
     */
    public static final Duration TASKS_RETENTION = Duration.ofDays(1);

    public static Map<String, String> tasksConfig() {
        return Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(TASKS_RETENTION.toMillis()));
    }

    /**
     * Compacted: only a schedule's latest tick matters. Segments roll hourly so that a schedule
     * firing every second leaves a day's worth of records to read at most, not a week's.
     */
    public static Map<String, String> schedulesConfig() {
        return Map.of(
                "cleanup.policy",
                "compact",
                "segment.ms",
                Long.toString(Duration.ofHours(1).toMillis()));
    }

    /**
     * Compacted: only a source's latest state matters. Hourly segments and a minute's compaction lag
     * keep what a run start reads small, while two advances written at the same moment both stay
     * long enough for {@link SourceState#resolve} to take the higher.
     */
    public static Map<String, String> sourceStateConfig() {
        return Map.of(
                "cleanup.policy",
                "compact",
                "segment.ms",
                Long.toString(Duration.ofHours(1).toMillis()),
                "min.compaction.lag.ms",
                Long.toString(Duration.ofMinutes(1).toMillis()));
    }

    /**
     * Compacted: only a source's latest observation matters, and one is stale within its window
     * (seconds to an hour, as APIs go). Hourly segments keep what an instance reads at its start to
     * about an hour's observations.
     */
    public static Map<String, String> sourceQuotaConfig() {
        return Map.of(
                "cleanup.policy",
                "compact",
                "segment.ms",
                Long.toString(Duration.ofHours(1).toMillis()));
    }

    public static Map<String, String> deadLetterConfig() {
        return Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(RUNS_RETENTION.toMillis()));
    }
}
