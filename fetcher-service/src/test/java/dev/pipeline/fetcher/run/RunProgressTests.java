package dev.pipeline.fetcher.run;

import dev.pipeline.common.RunEvent;
import dev.pipeline.common.SourceStats;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RunProgressTests {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void showsATaskOneFetcherStartedAndAnotherFinishedAsATakeover() {
        RunProgress run = new RunProgress("run");
        run.apply(new RunEvent.Started("run", List.of("shop"), T0, Map.of(), List.of("shop:p0")));
        run.apply(started("shop:p0", "fetcher-1", 1));
        run.apply(done("shop:p0", "fetcher-1", List.of("shop:p1-10", "shop:p11-20")));
        run.apply(started("shop:p1-10", "fetcher-1", 2));
        run.apply(started("shop:p11-20", "fetcher-2", 2));
        run.apply(done("shop:p11-20", "fetcher-2", List.of()));
        // fetcher-1 dies in shop:p1-10; fetcher-2 gets its partition and does it again.
        run.apply(started("shop:p1-10", "fetcher-2", 20));

        RunView running = run.view();
        assertThat(running.state()).isEqualTo(RunState.RUNNING);
        assertThat(running.sources()).singleElement().satisfies(s -> assertThat(s.state()).isEqualTo("FETCHING"));
        assertThat(running.tasks().takeovers()).containsExactly(
                new RunView.Takeover("shop:p1-10", "fetcher-1", "fetcher-2", T0.plusSeconds(20)));

        assertThat(run.apply(done("shop:p1-10", "fetcher-2", List.of()))).isTrue();
        assertThat(run.apply(done("shop:p1-10", "fetcher-1", List.of()))).as("a task's second TaskDone").isFalse();
        RunView fetched = run.view();
        assertThat(fetched.state()).isEqualTo(RunState.FETCHED);
        assertThat(fetched.tasks()).isEqualTo(new RunView.TasksView(3, 3, Map.of("fetcher-1", 1L, "fetcher-2", 2L),
                List.of(new RunView.Takeover("shop:p1-10", "fetcher-1", "fetcher-2", T0.plusSeconds(20)))));
        assertThat(fetched.sources()).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo("FINISHED");
            assertThat(s.pages()).isEqualTo(21);
            assertThat(s.items()).isEqualTo(30);
            assertThat(s.requests()).isEqualTo(21);
        });
    }

    @Test
    void aTaskTriedAgainByTheSameFetcherIsNoTakeover() {
        RunProgress run = new RunProgress("run");
        run.apply(new RunEvent.Started("run", List.of("shop"), T0, Map.of(), List.of("shop:p0")));
        run.apply(started("shop:p0", "fetcher-1", 1));
        run.apply(started("shop:p0", "fetcher-1", 2));
        assertThat(run.view().tasks().takeovers()).isEmpty();
    }

    private static RunEvent.TaskStarted started(String task, String fetcher, int second) {
        return new RunEvent.TaskStarted("run", task, "shop", fetcher, T0.plusSeconds(second));
    }

    private static RunEvent.TaskDone done(String task, String fetcher, List<String> children) {
        long pages = task.equals("shop:p0") ? 1 : 10;
        return new RunEvent.TaskDone("run", task, "shop", fetcher, "try-" + task, children,
                new SourceStats(pages, pages, 0, 0, 10, 0), pages, 0, Map.of(), 10, null, "http://upstream/shop", T0);
    }
}
