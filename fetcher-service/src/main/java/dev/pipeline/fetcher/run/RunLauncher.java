package dev.pipeline.fetcher.run;

import dev.pipeline.common.RunEvent;
import dev.pipeline.common.RunIds;
import dev.pipeline.fetcher.fetch.PageClient;
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
 * own virtual thread, and ends with the event that tells the processor where the run ends.
 */
@Component
class RunLauncher {

    private static final Logger log = LoggerFactory.getLogger(RunLauncher.class);
    private static final int REMEMBERED_RUNS = 200;

    private final PageClient client;
    private final RunPublisher publisher;
    private final ExecutorService runs = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, RunProgress> recent = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RunProgress> eldest) {
            return size() > REMEMBERED_RUNS;
        }
    });

    RunLauncher(PageClient client, RunPublisher publisher) {
        this.client = client;
        this.publisher = publisher;
    }

    /** Publishes the run's start, then fetches in the background. */
    RunProgress start(List<SourceDefinition> sources) throws RunPublishException, InterruptedException {
        Instant now = Instant.now();
        String runId = RunIds.newId(now);
        List<String> names = sources.stream().map(SourceDefinition::name).toList();
        RunSink sink = publisher.start(runId, names, now);
        RunProgress progress = new RunProgress(runId, names, now);
        recent.put(runId, progress);
        runs.submit(() -> execute(sources, progress, sink));
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

    private void execute(List<SourceDefinition> sources, RunProgress progress, RunSink sink) {
        try {
            try (ExecutorService perSource = Executors.newVirtualThreadPerTaskExecutor()) {
                for (SourceDefinition source : sources) {
                    perSource.submit(() -> fetchSource(source, progress, sink));
                }
            }
            RunEvent.Fetched fetched = sink.finish();
            progress.fetched();
            log.info("run {} fetched: {} products published", progress.runId(), fetched.productsPublished());
        } catch (RunPublishException e) {
            log.error("run {} failed: {}", progress.runId(), e.getMessage());
            progress.failed(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            progress.failed("interrupted");
        }
    }

    private Void fetchSource(SourceDefinition source, RunProgress progress, RunSink sink) throws InterruptedException {
        try {
            new SourceFetch(source, progress.runId(), client, sink, progress.counters(source.name())).run();
        } finally {
            sink.event(new RunEvent.SourceFinished(progress.runId(), source.name(),
                    progress.counters(source.name()).snapshot(), Instant.now()));
            progress.sourceFinished(source.name());
        }
        return null;
    }
}
