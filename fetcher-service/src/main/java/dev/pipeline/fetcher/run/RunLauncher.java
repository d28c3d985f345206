package dev.pipeline.fetcher.run;

import dev.pipeline.common.FetchTask;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.RunIds;
import dev.pipeline.common.SourceExpectations;
import dev.pipeline.fetcher.fetch.PagePlanner;
import dev.pipeline.fetcher.fetch.SourceCounters;
import dev.pipeline.fetcher.metrics.RunMetrics;
import dev.pipeline.fetcher.publish.RunPublishException;
import dev.pipeline.fetcher.publish.RunPublisher;
import dev.pipeline.fetcher.publish.TaskOutput;
import dev.pipeline.fetcher.source.Incremental;
import dev.pipeline.fetcher.source.SourceDefinition;
import dev.pipeline.fetcher.state.RunCursors;
import dev.pipeline.fetcher.state.SourceStates;
import dev.pipeline.fetcher.task.TaskProperties;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Starts runs, every one a run of tasks. An incremental source's first task, and every task it
 * leads to, carries the cursor its run starts from, read from {@code pipeline.source-state} now. A run of sources is planned into one first task per
 * source (one per date window for a windowed backfill), published with the run's start; from there the fetcher instances' {@code TaskListener}s
 * take it over. A run of items the caller supplies (an upload) is one task that this instance
 * carries out itself, published whole with the run's start in one transaction.
 */
@Component
public class RunLauncher {

    private static final Logger log = LoggerFactory.getLogger(RunLauncher.class);

    private final RunPublisher publisher;
    private final SourceStates states;
    private final RunBoard board;
    private final RunMetrics metrics;
    private final String instanceId;
    private final ExecutorService uploads = Executors.newVirtualThreadPerTaskExecutor();

    RunLauncher(RunPublisher publisher, RunBoard board, RunMetrics metrics, TaskProperties tasks, SourceStates states) {
        this.publisher = publisher;
        this.states = states;
        this.board = board;
        this.metrics = metrics;
        this.instanceId = tasks.instanceId();
    }

    /** Publishes the run's start and its first task per source; the fetchers take it from there. */
    TrackedRun start(List<SourceDefinition> sources) throws RunPublishException, InterruptedException {
        Instant now = Instant.now();
        return start(RunIds.newId(now), now, sources, RunPublisher.AlsoInTransaction.NOTHING);
    }

    /**
     * Starts a run whose id the caller chose, such as a schedule's tick's, as {@link #start(List)}
     * plans any run, with what {@code also} writes in the same transaction (the tick, and the
     * offsets that fence an instance that no longer owns the schedules). Nothing is started when it
     * throws.
     */
    public RunView startScheduled(
            String runId, Instant now, List<SourceDefinition> sources, RunPublisher.AlsoInTransaction also)
            throws RunPublishException, InterruptedException {
        return start(runId, now, sources, also).view();
    }

    /** A run of this instance's board, as {@code GET /api/runs/{id}} shows it, if it is there. */
    public Optional<RunView> view(String runId) {
        return board.find(runId).map(TrackedRun::view);
    }

    private TrackedRun start(
            String runId, Instant now, List<SourceDefinition> sources, RunPublisher.AlsoInTransaction also)
            throws RunPublishException, InterruptedException {
        RunCursors cursors;
        try {
            cursors = RunCursors.of(sources, states);
        } catch (RuntimeException e) {
            // The cursors could not be read (the broker): the run is not started, as when its start cannot be
            // published.
            throw new RunPublishException(runId, e);
        }
        List<FetchTask> first = sources.stream()
                .flatMap(source -> firstTasks(runId, source, cursors.cursor(source.name())).stream())
                .toList();
        RunEvent.Started started = publisher.startTasks(
                runId,
                sources.stream().map(SourceDefinition::name).toList(),
                expectations(sources),
                cursors.cursors(),
                cursors.generations(),
                now,
                first,
                also);
        metrics.runStarted();
        log.info("run {} started: {}", runId, started.sources());
        return board.launched(started);
    }

    /**
     * A source's first tasks in a run that starts it from {@code cursor}: one, or one per date window
     * of a windowed backfill ({@link Incremental#windows}), each its own task ({@code <source>:w<i>:p0})
     * whose pages carry the window's bounds. All are in the run's start, so the run ends exactly when
     * every window's pages are done, and fetcher instances take the windows concurrently like any tasks.
     */
    static List<FetchTask> firstTasks(String runId, SourceDefinition source, String cursor) {
        if (source.isIncremental() && source.incremental().isWindowed()) {
            return source.incremental().windows(cursor).stream()
                    .map(window -> FetchTask.walk(
                                    runId,
                                    source.name(),
                                    PagePlanner.of(source.inWindow(window.from(), window.until()))
                                            .first()
                                            .toString(),
                                    0,
                                    0)
                            .inWindow(window.index(), window.from(), window.until()))
                    .toList();
        }
        return List.of(FetchTask.walk(
                        runId,
                        source.name(),
                        PagePlanner.of(source.fromCursor(cursor)).first().toString(),
                        0,
                        0)
                .withCursor(cursor));
    }

    /**
     * The quality gates of the run's sources that declare any, as its start carries them to the
     * processor; a source without {@code expect:} is left out (the run has no gates of it).
     */
    static Map<String, SourceExpectations> expectations(List<SourceDefinition> sources) {
        Map<String, SourceExpectations> expectations = new TreeMap<>();
        for (SourceDefinition source : sources) {
            if (source.expectations().any()) {
                expectations.put(source.name(), source.expectations());
            }
        }
        return expectations;
    }

    /**
     * Starts a run of one source whose items the caller publishes itself, such as uploaded files:
     * no request is sent. It is a run of one task, {@code <source>:p0}, done here: its start, its
     * items and its {@code TaskDone} are one transaction, so the processor sees the whole upload or
     * nothing of it, and it ends like any run, once its task is done. It has no quality gates: the
     * source of an upload is no configured source, so there is no {@code expect:} to carry.
     */
    public RunView start(String source, SuppliedItems items) {
        Instant now = Instant.now();
        String runId = RunIds.newId(now);
        String taskId = FetchTask.pageTaskId(source, 0);
        TrackedRun run = board.launched(new RunEvent.Started(runId, List.of(source), now, Map.of(), List.of(taskId)));
        metrics.runStarted();
        // execute, not submit: an Error must reach the thread's handler, not a Future no one reads.
        uploads.execute(() -> publish(runId, source, taskId, now, items));
        log.info("run {} started: upload as {}", runId, source);
        return run.view();
    }

    /** The task's stats reach the metrics as any task's do: when the board reads its committed {@code TaskDone}. */
    private void publish(String runId, String source, String taskId, Instant now, SuppliedItems items) {
        SourceCounters counters = new SourceCounters();
        try {
            RunEvent.TaskDone done = publisher.publishRun(runId, source, taskId, now, output -> {
                items.publish(output, counters);
                return output.done(
                        source,
                        instanceId,
                        List.of(),
                        counters.snapshot(),
                        counters.pages(),
                        counters.errors(),
                        source);
            });
            log.info("run {} fetched: {} products published", runId, done.productsPublished());
        } catch (RunPublishException e) {
            log.error("run {} failed: {}", runId, e.getMessage());
            board.failed(runId, e.getMessage());
        } catch (RuntimeException e) {
            log.error("run {} failed", runId, e);
            board.failed(runId, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            board.failed(runId, "interrupted");
        } catch (Error e) {
            board.failed(runId, e.toString()); // the run says it failed; the process deals with the Error
            throw e;
        }
    }

    Optional<TrackedRun> find(String runId) {
        return board.find(runId);
    }

    List<TrackedRun> recent() {
        return board.recent();
    }

    /**
     * Items a caller publishes into its run's one task itself, counting each in the source's
     * counters; a {@link RunPublishException} fails the run with its message, and nothing of it is
     * committed.
     */
    @FunctionalInterface
    public interface SuppliedItems {
        void publish(TaskOutput output, SourceCounters counters) throws RunPublishException, InterruptedException;
    }
}
