package dev.pipeline.fetcher.run;

import dev.pipeline.fetcher.fetch.SourceCounters;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A run's live state, updated by its fetching threads and read by the status endpoint. */
final class RunProgress {

    private final String runId;
    private final Instant startedAt;
    private final Map<String, SourceCounters> counters = new LinkedHashMap<>();
    private final Map<String, Boolean> finished = new ConcurrentHashMap<>();
    private volatile RunState state = RunState.RUNNING;
    private volatile Instant finishedAt;
    private volatile String failure;

    RunProgress(String runId, List<String> sources, Instant startedAt) {
        this.runId = runId;
        this.startedAt = startedAt;
        sources.forEach(name -> counters.put(name, new SourceCounters()));
    }

    String runId() {
        return runId;
    }

    SourceCounters counters(String source) {
        return counters.get(source);
    }

    void sourceFinished(String source) {
        finished.put(source, true);
    }

    void fetched() {
        finishedAt = Instant.now();
        state = RunState.FETCHED;
    }

    void failed(String reason) {
        failure = reason;
        finishedAt = Instant.now();
        state = RunState.FAILED;
    }

    RunView view() {
        List<RunView.SourceView> sources = counters.entrySet().stream().map(e -> new RunView.SourceView(
                e.getKey(), finished.containsKey(e.getKey()) ? "FINISHED" : "FETCHING",
                e.getValue().pages(), e.getValue().items(), e.getValue().errors(), e.getValue().requests())).toList();
        return new RunView(runId, state, startedAt, finishedAt, failure, sources);
    }
}
