package dev.pipeline.fetcher.run;

import dev.pipeline.common.RunEvent;
import dev.pipeline.common.RunIds;
import dev.pipeline.fetcher.fetch.PageClient;
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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts runs and remembers the latest ones. A run fetches all its sources at once, each on its
 * own virtual thread, and ends with the event that tells the processor where the run ends. A run
 * can also be of items the caller supplies (an upload) instead of fetched ones.
 */
@Component
public class RunLauncher {

    private static final Logger log = LoggerFactory.getLogger(RunLauncher.class);
    private static final int REMEMBERED_RUNS = 200;

    private final PageClient client;
    private final RunPublisher publisher;
    private final RunMetrics metrics;
    private final ExecutorService runs = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, RunProgress> recent = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RunProgress> eldest) {
            return size() > REMEMBERED_RUNS;
        }
    });

    RunLauncher(PageClient client, RunPublisher publisher, RunMetrics metrics) {
        this.client = client;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /** Publishes the run's start, then fetches in the background. */
    RunProgress start(List<SourceDefinition> sources) throws RunPublishException, InterruptedException {
        Map<String, Work> work = new LinkedHashMap<>();
        sources.forEach(source -> work.put(source.name(), (progress, sink) ->
                new SourceFetch(source, progress.runId(), client, sink, progress.counters(source.name())).run()));
        return launch(work);
    }

    /**
     * Starts a run of one source whose items the caller publishes itself, such as uploaded files:
     * no request is sent. The run ends like any other, with its source's stats and final event.
     */
    public RunView start(String source, SuppliedItems items) throws RunPublishException, InterruptedException {
        return launch(Map.of(source, (progress, sink) ->
                items.publish(progress.runId(), sink, progress.counters(source)))).view();
    }

    /** {@code work} holds each source's part, by source name, in the run's order of sources. */
    private RunProgress launch(Map<String, Work> work) throws RunPublishException, InterruptedException {
        List<String> names = List.copyOf(work.keySet());
        Instant now = Instant.now();
        String runId = RunIds.newId(now);
        RunSink sink = publisher.start(runId, names, now);
        RunProgress progress = new RunProgress(runId, names, now);
        recent.put(runId, progress);
        metrics.runStarted();
        runs.submit(() -> execute(work, progress, sink));
        log.info("run {} started: {}", runId, names);
        return progress;
    }

    Optional<RunProgress> find(String runId) {
        return Optional.ofNullable(recent.get(runId));
    }

    List<RunProgress> recent() {
        synchronized (recent) {
            return List.copyOf(recent.values()).reversed();
        }
    }

    private void execute(Map<String, Work> work, RunProgress progress, RunSink sink) {
        try {
            try (ExecutorService perSource = Executors.newVirtualThreadPerTaskExecutor()) {
                work.forEach((source, sourceWork) -> perSource.submit(() -> runSource(source, sourceWork, progress, sink)));
            }
            RunEvent.Fetched fetched = sink.finish();
            progress.fetched();
            log.info("run {} fetched: {} products published", progress.runId(), fetched.productsPublished());
        } catch (RunPublishException e) {
            log.error("run {} failed: {}", progress.runId(), e.getMessage());
            progress.failed(e.getMessage());
        } catch (RuntimeException e) {
            log.error("run {} failed", progress.runId(), e);
            progress.failed(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            progress.failed("interrupted");
        }
        metrics.runFinished(progress.view().state());
    }

    private Void runSource(String source, Work work, RunProgress progress, RunSink sink) throws InterruptedException {
        try {
            work.run(progress, sink);
        } catch (RuntimeException e) {
            log.error("run {}: source {} broke off", progress.runId(), source, e);
            sink.fail(e);
        } finally {
            SourceCounters counters = progress.counters(source);
            sink.event(new RunEvent.SourceFinished(progress.runId(), source, counters.snapshot(), Instant.now()));
            progress.sourceFinished(source);
            metrics.sourceFinished(source, counters.snapshot(), counters.errors());
        }
        return null;
    }

    /** One source's part of a run. */
    private interface Work {
        void run(RunProgress progress, RunSink sink) throws InterruptedException;
    }

    /** Items a caller publishes into a run itself, counting each in the source's counters. */
    @FunctionalInterface
    public interface SuppliedItems {
        void publish(String runId, RunSink sink, SourceCounters counters) throws InterruptedException;
    }
}
