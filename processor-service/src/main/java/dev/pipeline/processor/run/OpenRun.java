package dev.pipeline.processor.run;

import dev.pipeline.common.RunEnd;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.RunTasks;
import dev.pipeline.common.SourceStats;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;

/**
 * What the processor knows of a run it has not reported yet. Its records live in its
 * {@link RunStore}; in memory it holds only what grows with sources, never with records.
 * Products may arrive before the run's start: the topics are consumed independently.
 */
public final class OpenRun {

    private final String runId;
    private final Path storeDirectory;
    private final Instant firstSeen;
    private volatile Instant lastActivity;
    /** The earliest a record of the run can have been written, as far as what was read of it tells. */
    private final AtomicReference<Instant> earliest;
    /** The {@code pipeline.runs} partition its events were read from; {@code null} while none was read here. */
    private volatile TopicPartition eventsPartition;

    private final Map<String, SourceStats> sourceStats = new ConcurrentSkipListMap<>();
    /** Per source, what its counted tasks say about its cursor (see {@link SourceCursor}). */
    private final Map<String, SourceCursor> sourceCursors = new ConcurrentSkipListMap<>();

    private final LongAdder productsConsumed = new LongAdder();
    private final LongAdder errorsConsumed = new LongAdder();
    private volatile RunEvent.Started started;
    /** What its tasks add up to, once all are done; recomputed when a task's repeat is read. */
    private volatile RunEnd end;

    private final RunTasks tasks = new RunTasks();
    /** Products published and last offsets of tasks committed a second time (guarded by this). */
    private long repeatedPublished;

    private final Map<Integer, Long> repeatedOffsets = new HashMap<>();
    private volatile long missingRecords;
    /** Errors stored per try of a task whose {@code TaskDone} has not been read yet. */
    private final Map<String, List<byte[]>> errorsOfTries = new ConcurrentHashMap<>();
    /**
     * The offsets of the {@code TaskDone}s read, each with whether it counted (a task's first): one
     * read again is not a task committed again.
     */
    private final Map<Long, Boolean> taskDonesRead = new ConcurrentHashMap<>();
    /**
     * The tries whose {@code TaskDone} counts towards {@link #end()}'s products published (a task's first,
     * and a second commit's): only their records count as read (see {@link #countsRecordsOf}).
     */
    private final Set<String> countedAttempts = ConcurrentHashMap.newKeySet();
    /**
     * A counted {@code TaskDone} that published records named no try (an older fetcher): then every
     * record read counts. One that published nothing (a task dead-lettered, which names no try) has
     * no records to count and leaves the check on for the run's other tasks.
     */
    private volatile boolean attemptUnknown;

    private volatile RunStore store;
    private volatile boolean discarded;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    OpenRun(String runId, Path storeDirectory) {
        this.runId = runId;
        this.storeDirectory = storeDirectory;
        this.firstSeen = Instant.now();
        this.lastActivity = firstSeen;
        this.earliest = new AtomicReference<>(firstSeen);
    }

    /** When this instance first read anything of the run, by its own clock. */
    public Instant firstSeen() {
        return firstSeen;
    }

    /**
     * When this instance last read a record or an event of the run, by its own clock: what
     * abandoning a run is measured from — a run still making progress is never given up — and
     * by this clock so that neither clock skew nor a run's own timestamps can make it early.
     */
    public Instant lastActivity() {
        return lastActivity;
    }

    /**
     * No record of the run was written before this, as far as can be told from what was read of it
     * (its start, its products' fetch times, when it was first read here): a report written later may
     * have records behind this run's on a partition, which a restart would read again.
     */
    public Instant earliest() {
        return earliest.get();
    }

    /** The partition of {@code pipeline.runs} its events were read from here, or {@code null}. */
    public TopicPartition eventsPartition() {
        return eventsPartition;
    }

    /**
     * How many records the run published that were never read (compaction or retention removed
     * them first), once its completeness has been checked; 0 before.
     */
    public long missingRecords() {
        return missingRecords;
    }

    public String runId() {
        return runId;
    }

    /** The start event, or {@code null} while it has not been read. */
    public RunEvent.Started started() {
        return started;
    }

    /**
     * Where the run's records end, or {@code null} while the fetchers are still at it: what all its
     * tasks wrote, once the last of them is done.
     */
    public RunEnd end() {
        RunEnd end = this.end;
        if (end == null && tasks.ended()) {
            synchronized (this) {
                end = this.end;
                if (end == null) {
                    end = withRepeatedTasks(tasks.end(runId));
                    this.end = end;
                }
            }
        }
        return end;
    }

    /**
     * A task committed twice published its records twice, and both copies are read: they count as
     * published, and the run waits for them like for the first ones, so no copy is taken for a loss.
     */
    private RunEnd withRepeatedTasks(RunEnd byTasks) {
        if (repeatedOffsets.isEmpty() && repeatedPublished == 0) {
            return byTasks;
        }
        Map<Integer, Long> lastOffsets = new HashMap<>(byTasks.lastOffsets());
        repeatedOffsets.forEach((partition, offset) -> lastOffsets.merge(partition, offset, Math::max));
        return new RunEnd(runId, lastOffsets, byTasks.productsPublished() + repeatedPublished, byTasks.endedAt());
    }

    public Map<String, SourceStats> sourceStats() {
        // By source name, as the skip list holds them: Map.copyOf would order them differently in every JVM.
        return Collections.unmodifiableMap(new TreeMap<>(sourceStats));
    }

    /** Per source, what the counted {@code TaskDone}s say about its cursor, by source name. */
    public Map<String, SourceCursor> sourceCursors() {
        return Collections.unmodifiableMap(new TreeMap<>(sourceCursors));
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

    /** A record or an event of the run was read now. */
    void touched() {
        lastActivity = Instant.now();
    }

    /** One of its events was read from {@code partition}. */
    void eventRead(TopicPartition partition) {
        eventsPartition = partition;
    }

    /** One of its records was written no earlier than {@code writtenAt}, by the writer's clock. */
    void writtenAtOrAfter(Instant writtenAt) {
        if (writtenAt != null && writtenAt.isBefore(earliest.get())) {
            earliest.accumulateAndGet(writtenAt, (a, b) -> a.isBefore(b) ? a : b);
        }
    }

    void recordsMissing(long missing) {
        missingRecords = missing;
    }

    void started(RunEvent.Started event) {
        started = event;
        writtenAtOrAfter(event.startedAt());
        tasks.started(event.tasks());
    }

    /** An error stored under {@code key}, found by try {@code attempt} of a task. */
    void errorOfTry(String attempt, byte[] key) {
        errorsOfTries.computeIfAbsent(attempt, a -> new ArrayList<>()).add(key);
    }

    /**
     * Counts the task's first {@code TaskDone} and keeps its try's errors. A task committed twice
     * (a commit that timed out at the fetcher but went through) adds nothing the second time, and
     * the errors of that second try, read before it, are taken out again. The same event read again
     * (its partition replayed after a rebalance) is no second commit: it counts nothing again, and
     * the errors of its try, read again with it, are taken out again if it did not count.
     *
     * @param offset where on {@code pipeline.runs} the event was read (a run's events share one partition)
     * @return whether this is the task's first {@code TaskDone}
     */
    boolean taskDone(RunEvent.TaskDone event, long offset) {
        Boolean counted = taskDonesRead.get(offset);
        if (counted != null) {
            // The same event read again: so were its try's errors, which stay only if it counted.
            if (!counted) {
                takeOut(event.attempt());
            }
            forgetErrorsOf(event.attempt());
            return false;
        }
        // Before the task can be seen done: a check of the records read that sees it done counts its try's.
        counted(event);
        if (!tasks.done(event)) {
            taskDonesRead.put(offset, false);
            synchronized (this) {
                repeatedPublished += event.productsPublished();
                event.lastOffsets().forEach((partition, last) -> repeatedOffsets.merge(partition, last, Math::max));
                end = null;
            }
            takeOut(event.attempt());
            return false;
        }
        taskDonesRead.put(offset, true);
        forgetErrorsOf(event.attempt());
        sourceStats.merge(event.source(), event.stats(), SourceStats::plus);
        sourceCursors.merge(event.source(), SourceCursor.of(event), SourceCursor::plus);
        return true;
    }

    private void counted(RunEvent.TaskDone event) {
        if (event.attempt() != null) {
            countedAttempts.add(event.attempt());
        } else if (event.productsPublished() > 0) {
            attemptUnknown = true;
        }
    }

    /**
     * Whether a product record published by try {@code attempt} counts as one of the records the run
     * published: it does when that try's {@code TaskDone} counted. A try whose {@code TaskDone} was not
     * read (a task committed a second time after the run's end was known) published records that are
     * in no count: were they counted as read, they could make up for records of a counted try that were
     * never read, and a loss would go unreported.
     */
    public boolean countsRecordsOf(String attempt) {
        return attemptUnknown || countedAttempts.contains(attempt);
    }

    /** The try's errors stay in the run: they need no tracking any more. */
    private void forgetErrorsOf(String attempt) {
        if (attempt != null) {
            errorsOfTries.remove(attempt);
        }
    }

    /**
     * Deletes the errors of a try whose {@code TaskDone} does not count. They are forgotten only once
     * deleted: should the store fail, the event is read again (retried) and finds them still listed.
     */
    private void takeOut(String attempt) {
        List<byte[]> errors = attempt == null ? null : errorsOfTries.get(attempt);
        if (errors != null) {
            withStore(store -> {
                errors.forEach(store::deleteError);
                return null;
            });
            errorsOfTries.remove(attempt);
            errorsConsumed.add(-errors.size());
        }
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
