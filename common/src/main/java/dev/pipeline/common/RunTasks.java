package dev.pipeline.common;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * When a run has ended: every task it planned — the ones its {@link RunEvent.Started} names and
 * every child a {@link RunEvent.TaskDone} names — has a {@code TaskDone}. The one rule for every
 * run, fetched or uploaded. Only a task's first {@code TaskDone} counts. What the done tasks wrote
 * adds up to the run's {@link RunEnd}: the last offset per products partition, and the products
 * published. Holds task ids only: it grows with a run's pages, not with its records.
 */
public final class RunTasks {

    private final Set<String> planned = new HashSet<>();
    private final Set<String> done = new HashSet<>();
    private final Map<Integer, Long> lastOffsets = new HashMap<>();
    private boolean started;
    private long productsPublished;
    private Instant lastDoneAt;

    public synchronized void started(Collection<String> rootTasks) {
        started = true;
        planned.addAll(rootTasks);
    }

    /** @return whether this is the task's first {@code TaskDone}, the one that counts */
    public synchronized boolean done(RunEvent.TaskDone task) {
        if (!done.add(task.taskId())) {
            return false;
        }
        planned.add(task.taskId());
        planned.addAll(task.children());
        task.lastOffsets().forEach((partition, offset) -> lastOffsets.merge(partition, offset, Math::max));
        productsPublished += task.productsPublished();
        lastDoneAt = lastDoneAt == null || task.finishedAt().isAfter(lastDoneAt) ? task.finishedAt() : lastDoneAt;
        return true;
    }

    /** Whether the start has been read and every task planned so far is done. */
    public synchronized boolean ended() {
        return started && !planned.isEmpty() && done.size() == planned.size();
    }

    public synchronized int plannedCount() {
        return planned.size();
    }

    public synchronized int doneCount() {
        return done.size();
    }

    /** Where the run's records end, once {@link #ended()}. */
    public synchronized RunEnd end(String runId) {
        if (!ended()) {
            throw new IllegalStateException("run " + runId + " has tasks still to do");
        }
        return new RunEnd(runId, lastOffsets, productsPublished, lastDoneAt);
    }
}
