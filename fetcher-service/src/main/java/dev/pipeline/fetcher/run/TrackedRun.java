package dev.pipeline.fetcher.run;

import dev.pipeline.common.FetchState;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.RunTasks;
import dev.pipeline.common.SourceStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One run as {@link RunBoard} follows it from the run's events on Kafka, whichever fetcher instance
 * did the work: what each source has fetched, which tasks are done and by whom, and which tasks one
 * instance took over from another. The run is FETCHED once {@link RunTasks} says it has ended; where
 * its report is comes from the processor's {@link RunEvent.Reported} announcement.
 */
final class TrackedRun {

    private final String runId;
    private final Map<String, SourceTally> sources = new LinkedHashMap<>();
    private final RunTasks tasks = new RunTasks();
    private final Set<String> pending = new HashSet<>();
    private final Map<String, String> takenBy = new HashMap<>();
    private final Map<String, Long> doneBy = new TreeMap<>();
    private final List<RunView.Takeover> takeovers = new ArrayList<>();
    private Instant startedAt;
    private FetchState state = FetchState.RUNNING;
    private Instant finishedAt;
    private String failure;
    private RunView.ReportView report;

    TrackedRun(String runId) {
        this.runId = runId;
    }

    String runId() {
        return runId;
    }

    synchronized FetchState state() {
        return state;
    }

    /** @return whether the event counted: {@code false} for a task's second {@code TaskDone} */
    synchronized boolean apply(RunEvent event) {
        switch (event) {
            case RunEvent.Started started -> started(started);
            case RunEvent.TaskStarted taken -> {
                String before = takenBy.put(taken.taskId(), taken.fetcher());
                if (before != null && !before.equals(taken.fetcher()) && pending.contains(taken.taskId())) {
                    takeovers.add(new RunView.Takeover(taken.taskId(), before, taken.fetcher(), taken.startedAt()));
                }
            }
            case RunEvent.TaskDone done -> {
                return taskDone(done);
            }
            case RunEvent.FetchFailed ignored -> {
                // Counted by its task's TaskDone, which names how many errors the try published.
            }
            case RunEvent.Reported reported -> {
                // The processor's side, shown beside the fetch's: the run's fetch state and tasks are not the
                // processor's to change. Announced again (after a processor's crash) it reads the same.
                report = new RunView.ReportView(
                        reported.state(),
                        reported.location(),
                        reported.sha256(),
                        reported.bytes(),
                        reported.processor(),
                        reported.processorUrl(),
                        reported.reportedAt());
            }
        }
        return true;
    }

    synchronized void failed(String reason) {
        failure = reason;
        finishedAt = Instant.now();
        state = FetchState.FAILED;
    }

    private void started(RunEvent.Started started) {
        if (startedAt != null) {
            return;
        }
        startedAt = started.startedAt();
        started.sources().forEach(this::tally);
        tasks.started(started.tasks());
        pending.addAll(started.tasks());
    }

    private boolean taskDone(RunEvent.TaskDone done) {
        if (!tasks.done(done)) {
            return false;
        }
        pending.remove(done.taskId());
        done.children().forEach(pending::add);
        takenBy.remove(done.taskId());
        doneBy.merge(done.fetcher(), 1L, Long::sum);
        SourceTally tally = tally(done.source());
        tally.add(done.stats(), done.pages());
        tally.errors += done.errors() + (done.failure() == null ? 0 : 1);
        if (tasks.ended()) {
            finishedAt = done.finishedAt();
            state = FetchState.FETCHED;
        }
        return true;
    }

    private SourceTally tally(String source) {
        return sources.computeIfAbsent(source, name -> new SourceTally());
    }

    synchronized RunView view() {
        List<RunView.SourceView> views = sources.entrySet().stream()
                .map(e -> {
                    SourceTally tally = e.getValue();
                    boolean finished =
                            startedAt != null && pending.stream().noneMatch(id -> id.startsWith(e.getKey() + ":"));
                    RunView.SourceState state = finished ? RunView.SourceState.FINISHED : RunView.SourceState.FETCHING;
                    return new RunView.SourceView(
                            e.getKey(), state, tally.pages, tally.items, tally.errors, tally.requests);
                })
                .toList();
        RunView.TasksView taskView = new RunView.TasksView(
                tasks.plannedCount(), tasks.doneCount(), Map.copyOf(doneBy), List.copyOf(takeovers));
        return new RunView(runId, state, startedAt, finishedAt, failure, views, taskView, report);
    }

    /** One source's counts so far. */
    private static final class SourceTally {
        long pages;
        long items;
        long errors;
        long requests;

        void add(SourceStats stats, long pageCount) {
            pages += pageCount;
            items += stats.items();
            requests += stats.requests();
        }
    }
}
