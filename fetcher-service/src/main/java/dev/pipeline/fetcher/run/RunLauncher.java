package dev.pipeline.fetcher.run;

import dev.pipeline.common.FetchTask;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.RunIds;
import dev.pipeline.fetcher.fetch.PagePlanner;
import dev.pipeline.fetcher.fetch.SourceCounters;
import dev.pipeline.fetcher.metrics.RunMetrics;
import dev.pipeline.fetcher.publish.RunPublishException;
import dev.pipeline.fetcher.publish.RunPublisher;
import dev.pipeline.fetcher.publish.RunSink;
import dev.pipeline.fetcher.source.SourceDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts runs. A run of sources is planned into one first task per source, published with the
 * run's start; from there the fetcher instances' {@code TaskListener}s take it over. A run of
 * items the caller supplies (an upload) is published here, whole, in one transaction.
 */
@Component
public class RunLauncher {

    private static final Logger log = LoggerFactory.getLogger(RunLauncher.class);

    private final RunPublisher publisher;
    private final RunBoard board;
    private final RunMetrics metrics;
    private final ExecutorService uploads = Executors.newVirtualThreadPerTaskExecutor();

    RunLauncher(RunPublisher publisher, RunBoard board, RunMetrics metrics) {
        this.publisher = publisher;
        this.board = board;
        this.metrics = metrics;
    }

    /** Publishes the run's start and its first task per source; the fetchers take it from there. */
    RunProgress start(List<SourceDefinition> sources) throws RunPublishException, InterruptedException {
        Instant now = Instant.now();
        String runId = RunIds.newId(now);
        List<FetchTask> first = sources.stream()
                .map(source -> FetchTask.walk(runId, source.name(), PagePlanner.of(source).first().toString(), 0, 0))
                .toList();
        RunEvent.Started started = publisher.startTasks(runId, sources.stream().map(SourceDefinition::name).toList(),
                now, first);
        metrics.runStarted();
        log.info("run {} started: {}", runId, started.sources());
        return board.launched(started);
    }

    /**
     * Starts a run of one source whose items the caller publishes itself, such as uploaded files:
     * no request is sent. The run ends like any other, with its source's stats and final event, all
     * in one transaction: the processor sees the whole upload or nothing of it.
     */
    public RunView start(String source, SuppliedItems items) {
        Instant now = Instant.now();
        String runId = RunIds.newId(now);
        RunProgress progress = board.launched(new RunEvent.Started(runId, List.of(source), now));
        metrics.runStarted();
        // execute, not submit: an Error must reach the thread's handler, not a Future no one reads.
        uploads.execute(() -> publish(runId, source, now, items));
        log.info("run {} started: upload as {}", runId, source);
        return progress.view();
    }

    private void publish(String runId, String source, Instant now, SuppliedItems items) {
        SourceCounters counters = new SourceCounters();
        try {
            RunEvent.Fetched fetched = publisher.publishRun(runId, List.of(source), now, sink -> {
                items.publish(runId, sink, counters);
                sink.event(new RunEvent.SourceFinished(runId, source, counters.snapshot(), Instant.now()));
            });
            metrics.sourceDone(source, counters.snapshot(), counters.errors());
            log.info("run {} fetched: {} products published", runId, fetched.productsPublished());
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

    Optional<RunProgress> find(String runId) {
        return board.find(runId);
    }

    List<RunProgress> recent() {
        return board.recent();
    }

    /**
     * Items a caller publishes into a run itself, counting each in the source's counters; a
     * {@link RunPublishException} fails the run with its message, and nothing of it is committed.
     */
    @FunctionalInterface
    public interface SuppliedItems {
        void publish(String runId, RunSink sink, SourceCounters counters) throws RunPublishException, InterruptedException;
    }
}
