package dev.pipeline.fetcher.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.FetchState;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.SourceStats;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrackedRunTests {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void showsATaskOneFetcherStartedAndAnotherFinishedAsATakeover() {
        TrackedRun run = new TrackedRun("run");
        run.apply(new RunEvent.Started("run", List.of("shop"), T0, Map.of(), List.of("shop:p0")));
        run.apply(started("shop:p0", "fetcher-1", 1));
        run.apply(done("shop:p0", "fetcher-1", List.of("shop:p1-10", "shop:p11-20")));
        run.apply(started("shop:p1-10", "fetcher-1", 2));
        run.apply(started("shop:p11-20", "fetcher-2", 2));
        run.apply(done("shop:p11-20", "fetcher-2", List.of()));
        // fetcher-1 dies in shop:p1-10; fetcher-2 gets its partition and does it again.
        run.apply(started("shop:p1-10", "fetcher-2", 20));

        RunView running = run.view();
        assertThat(running.state()).isEqualTo(FetchState.RUNNING);
        assertThat(running.sources())
                .singleElement()
                .satisfies(s -> assertThat(s.state()).isEqualTo(RunView.SourceState.FETCHING));
        assertThat(running.tasks().takeovers())
                .containsExactly(new RunView.Takeover("shop:p1-10", "fetcher-1", "fetcher-2", T0.plusSeconds(20)));

        assertThat(run.apply(done("shop:p1-10", "fetcher-2", List.of()))).isTrue();
        assertThat(run.apply(done("shop:p1-10", "fetcher-1", List.of())))
                .as("a task's second TaskDone")
                .isFalse();
        RunView fetched = run.view();
        assertThat(fetched.state()).isEqualTo(FetchState.FETCHED);
        assertThat(fetched.tasks())
                .isEqualTo(new RunView.TasksView(
                        3,
                        3,
                        Map.of("fetcher-1", 1L, "fetcher-2", 2L),
                        List.of(new RunView.Takeover("shop:p1-10", "fetcher-1", "fetcher-2", T0.plusSeconds(20)))));
        assertThat(fetched.sources()).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(RunView.SourceState.FINISHED);
            assertThat(s.pages()).isEqualTo(21);
            assertThat(s.items()).isEqualTo(30);
            assertThat(s.requests()).isEqualTo(21);
        });
    }

    @Test
    void showsWhereTheReportIsOnceAProcessorAnnouncedItAndLeavesTheFetchAsItIs() {
        TrackedRun run = new TrackedRun("run");
        run.apply(new RunEvent.Started("run", List.of("shop"), T0, Map.of(), List.of("shop:p0")));
        run.apply(done("shop:p0", "fetcher-1", List.of()));
        RunView fetched = run.view();
        assertThat(fetched.report()).as("not announced yet").isNull();

        assertThat(run.apply(new RunEvent.Reported(
                        "run",
                        "DEGRADED",
                        "file:///srv/output/run.json",
                        "ab".repeat(32),
                        321L,
                        "processor-a",
                        "http://processor-a:8081",
                        T0.plusSeconds(5))))
                .isTrue();

        RunView reported = run.view();
        assertThat(reported.report())
                .isEqualTo(new RunView.ReportView(
                        "DEGRADED",
                        "file:///srv/output/run.json",
                        "ab".repeat(32),
                        321L,
                        "processor-a",
                        "http://processor-a:8081",
                        T0.plusSeconds(5)));
        assertThat(reported.state()).isEqualTo(FetchState.FETCHED);
        assertThat(reported.tasks()).isEqualTo(fetched.tasks());
        assertThat(reported.sources()).isEqualTo(fetched.sources());
        assertThat(reported.finishedAt()).isEqualTo(fetched.finishedAt());
    }

    @Test
    void aTaskTriedAgainByTheSameFetcherIsNoTakeover() {
        TrackedRun run = new TrackedRun("run");
        run.apply(new RunEvent.Started("run", List.of("shop"), T0, Map.of(), List.of("shop:p0")));
        run.apply(started("shop:p0", "fetcher-1", 1));
        run.apply(started("shop:p0", "fetcher-1", 2));
        assertThat(run.view().tasks().takeovers()).isEmpty();
    }

    @Test
    void anUploadIsARunOfOneTaskCountedByItsTaskDone() {
        TrackedRun run = new TrackedRun("run");
        run.apply(new RunEvent.Started("run", List.of("upload"), T0, Map.of(), List.of("upload:p0")));
        run.apply(new RunEvent.FetchFailed(
                "run", "upload", "upload:a.json", "item 2: missing id", "invalid_item", 0, T0, "try-1"));
        assertThat(run.view().state()).isEqualTo(FetchState.RUNNING);
        assertThat(run.view().sources()).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(RunView.SourceState.FETCHING);
            assertThat(s.errors()).as("counted by the TaskDone").isZero();
        });

        run.apply(new RunEvent.TaskDone(
                "run",
                "upload:p0",
                "upload",
                "fetcher-1",
                "try-1",
                List.of(),
                new SourceStats(0, 0, 0, 0, 11, 5),
                2,
                6,
                Map.of(0, 4L),
                6,
                null,
                "upload",
                T0.plusSeconds(1)));

        RunView done = run.view();
        assertThat(done.state()).isEqualTo(FetchState.FETCHED);
        assertThat(done.finishedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(done.tasks()).isEqualTo(new RunView.TasksView(1, 1, Map.of("fetcher-1", 1L), List.of()));
        assertThat(done.sources())
                .containsExactly(new RunView.SourceView("upload", RunView.SourceState.FINISHED, 2, 11, 6, 0));
    }

    private static RunEvent.TaskStarted started(String task, String fetcher, int second) {
        return new RunEvent.TaskStarted("run", task, "shop", fetcher, T0.plusSeconds(second));
    }

    private static RunEvent.TaskDone done(String task, String fetcher, List<String> children) {
        long pages = task.equals("shop:p0") ? 1 : 10;
        return new RunEvent.TaskDone(
                "run",
                task,
                "shop",
                fetcher,
                "try-" + task,
                children,
                new SourceStats(pages, pages, 0, 0, 10, 0),
                pages,
                0,
                Map.of(),
                10,
                null,
                "http://upstream/shop",
                T0);
    }
}
