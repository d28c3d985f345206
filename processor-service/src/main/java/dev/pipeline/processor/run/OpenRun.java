package dev.pipeline.processor.run;

import dev.pipeline.common.RunEvent;
import dev.pipeline.common.RunTasks;
import dev.pipeline.common.SourceStats;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * What the processor knows of a run it has not reported yet. Its records live in its
 * {@link RunStore}; in memory it holds only what grows with sources, never with records.
 * Products may arrive before the run's start: the topics are consumed independently.
 */
public final class OpenRun {

    private final String runId;
    private final Path storeDirectory;
    private final Instant firstSeen;
    private final Map<String, SourceStats> sourceStats = new ConcurrentSkipListMap<>();
    private final LongAdder productsConsumed = new LongAdder();
    private final LongAdder errorsConsumed = new LongAdder();
    private volatile RunEvent.Started started;
    private volatile RunEvent.Fetched fetched;
    private final RunTasks tasks = new RunTasks();
    /** Errors stored per try of a task whose {@code TaskDone} has not been read yet. */
    private final Map<String, List<byte[]>> errorsOfTries = new ConcurrentHashMap<>();
    private volatile RunStore store;
    private volatile boolean discarded;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    OpenRun(String runId, Path storeDirectory) {
        this.runId = runId;
        this.storeDirectory = storeDirectory;
        this.firstSeen = Instant.now();
    }

    /**
     * When this instance first read anything of the run, by its own clock: what abandoning a run is
     * measured from, so that neither clock skew nor a run's own timestamps can make it early.
     */
    public Instant firstSeen() {
        return firstSeen;
    }

    public String runId() {
        return runId;
    }

    /** The start event, or {@code null} while it has not been read. */
    public RunEvent.Started started() {
        return started;
    }

    /**
     * The final event, or {@code null} while the fetchers are still at it. For a run fetched by
     * tasks it is what all its tasks wrote, once the last of them is done.
     */
    public RunEvent.Fetched fetched() {
        RunEvent.Fetched end = fetched;
        if (end == null && tasks.ended()) {
            end = tasks.asFetched(runId);
            fetched = end;
        }
        return end;
    }

    public Map<String, SourceStats> sourceStats() {
        // By source name, as the skip list holds them: Map.copyOf would order them differently in every JVM.
        return Collections.unmodifiableMap(new TreeMap<>(sourceStats));
    }

    public long productsConsumed() {
        return productsConsumed.sum();
    }

    public long errorsConsumed() {
        return errorsConsumed.sum();
    }

    /**
     * Uses the run's store, opening it on first use. Uses may overlap each other but never the
     * store's closing: a record that arrives for a run already reported fails here (and is
     * retried, then skipped) instead of touching a closed store.
     */
    public <T> T withStore(Function<RunStore, T> use) {
        lock.readLock().lock();
        try {
            if (discarded) {
                throw new IllegalStateException("run " + runId + " is already reported");
            }
            RunStore current = store;
            if (current == null) {
                synchronized (this) {
                    if (store == null) {
                        store = RunStore.open(storeDirectory);
                    }
                    current = store;
                }
            }
            return use.apply(current);
        } finally {
            lock.readLock().unlock();
        }
    }

    void started(RunEvent.Started event) {
        started = event;
        if (!event.tasks().isEmpty()) {
            tasks.started(event.tasks());
        }
    }

    /** An error stored under {@code key}, found by try {@code attempt} of a task. */
    void errorOfTry(String attempt, byte[] key) {
        errorsOfTries.computeIfAbsent(attempt, a -> new ArrayList<>()).add(key);
    }

    /**
     * Counts the task's first {@code TaskDone} and keeps its try's errors. A task committed twice
     * (a commit that timed out at the fetcher but went through) adds nothing the second time, and
     * the errors of that second try, read before it, are taken out again.
     *
     * @return whether this is the task's first {@code TaskDone}
     */
    boolean taskDone(RunEvent.TaskDone event) {
        List<byte[]> errorsOfThisTry = event.attempt() == null ? null : errorsOfTries.remove(event.attempt());
        if (!tasks.done(event)) {
            if (errorsOfThisTry != null) {
                withStore(store -> {
                    errorsOfThisTry.forEach(store::deleteError);
                    return null;
                });
                errorsConsumed.add(-errorsOfThisTry.size());
            }
            return false;
        }
        sourceStats.merge(event.source(), event.stats(), SourceStats::plus);
        return true;
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

    void discard() {
        lock.writeLock().lock();
        try {
            discarded = true;
            if (store != null) {
                store.close();
                store = null;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
