package dev.pipeline.processor.run;

import dev.pipeline.common.RunEvent;
import dev.pipeline.common.SourceStats;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the processor knows of a run it has not reported yet. Its records live in its
 * {@link RunStore}; in memory it holds only what grows with sources, never with records.
 * Products may arrive before the run's start: the topics are consumed independently.
 */
public final class OpenRun {

    private final String runId;
    private final Path storeDirectory;
    private final Map<String, SourceStats> sourceStats = new ConcurrentSkipListMap<>();
    private final LongAdder productsConsumed = new LongAdder();
    private final LongAdder errorsConsumed = new LongAdder();
    private volatile RunEvent.Started started;
    private volatile RunEvent.Fetched fetched;
    private volatile RunStore store;

    OpenRun(String runId, Path storeDirectory) {
        this.runId = runId;
        this.storeDirectory = storeDirectory;
    }

    public String runId() {
        return runId;
    }

    /** The start event, or {@code null} while it has not been read. */
    public RunEvent.Started started() {
        return started;
    }

    /** The final event, or {@code null} while the fetcher is still at it. */
    public RunEvent.Fetched fetched() {
        return fetched;
    }

    public Map<String, SourceStats> sourceStats() {
        return Map.copyOf(sourceStats);
    }

    public long productsConsumed() {
        return productsConsumed.sum();
    }

    public long errorsConsumed() {
        return errorsConsumed.sum();
    }

    public RunStore store() {
        RunStore current = store;
        if (current == null) {
            synchronized (this) {
                if (store == null) {
                    store = RunStore.open(storeDirectory);
                }
                current = store;
            }
        }
        return current;
    }

    void started(RunEvent.Started event) {
        started = event;
    }

    void fetched(RunEvent.Fetched event) {
        fetched = event;
    }

    void sourceFinished(RunEvent.SourceFinished event) {
        sourceStats.put(event.source(), event.stats());
    }

    void productStored() {
        productsConsumed.increment();
    }

    void errorStored() {
        errorsConsumed.increment();
    }

    synchronized void discard() {
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
