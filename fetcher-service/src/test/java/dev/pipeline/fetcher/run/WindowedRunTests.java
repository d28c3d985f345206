package dev.pipeline.fetcher.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.FetchTask;
import dev.pipeline.common.PipelineJson;
import dev.pipeline.fetcher.source.Incremental;
import dev.pipeline.fetcher.source.Pagination;
import dev.pipeline.fetcher.source.SourceDefinition;
import dev.pipeline.fetcher.source.Sources;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A windowed backfill's first tasks: one per date window, each with its own id and its window's
 * bounds in its url, and the tasks planned from them staying in their window.
 */
class WindowedRunTests {

    private static SourceDefinition source(Incremental incremental) {
        return Sources.named("shop", "https://api.example/items")
                .items("/items")
                .pagination(new Pagination(
                        Pagination.Kind.OFFSET_LIMIT, null, 0, null, null, 50, "/total", null, null, null, 0))
                .incremental(incremental)
                .build();
    }

    private static SourceDefinition backfill(int maxWindows) {
        return source(new Incremental(
                "/updatedAt",
                "updated_after",
                "2026-01-01T00:00:00Z",
                null,
                "2026-01-03T12:00:00Z",
                "updated_before",
                "P1D",
                maxWindows));
    }

    @Test
    void aWindowedSourceHasOneFirstTaskPerWindowEachWithItsBounds() {
        List<FetchTask> first = RunLauncher.firstTasks("r1", backfill(100), "2026-01-01T00:00:00Z");

        assertThat(first).extracting(FetchTask::taskId).containsExactly("shop:w0:p0", "shop:w1:p0", "shop:w2:p0");
        assertThat(first).extracting(FetchTask::window).containsExactly(0, 1, 2);
        assertThat(first)
                .extracting(FetchTask::cursor)
                .containsExactly("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z");
        assertThat(first)
                .extracting(FetchTask::until)
                .containsExactly("2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z", "2026-01-03T12:00:00Z");
        assertThat(URI.create(first.get(2).pages().getFirst()).getQuery())
                .contains("updated_after=2026-01-03T00:00:00Z", "updated_before=2026-01-03T12:00:00Z", "skip=0");
        assertThat(URI.create(first.get(0).pages().getFirst()).getQuery())
                .as("a window inside the backfill asks one second past its end (its task's until stays the end)")
                .contains("updated_after=2026-01-01T00:00:00Z", "updated_before=2026-01-02T00:00:01Z");
    }

    @Test
    void maxWindowsCapsTheFirstTasks() {
        assertThat(RunLauncher.firstTasks("r1", backfill(2), "2026-01-01T00:00:00Z"))
                .extracting(FetchTask::until)
                .containsExactly("2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z");
    }

    @Test
    void aSourceWithoutAStepHasOneFirstTaskAsBefore() {
        SourceDefinition single = source(new Incremental(
                "/updatedAt",
                "updated_after",
                "2026-01-01T00:00:00Z",
                null,
                "2026-01-03T12:00:00Z",
                "updated_before",
                null));
        List<FetchTask> first = RunLauncher.firstTasks("r1", single, "2026-01-01T00:00:00Z");
        assertThat(first).extracting(FetchTask::taskId).containsExactly("shop:p0");
        assertThat(first.getFirst().window()).isNull();
        assertThat(first.getFirst().until()).isNull();
        assertThat(URI.create(first.getFirst().pages().getFirst()).getQuery())
                .contains("updated_before=2026-01-03T12:00:00Z");
    }

    @Test
    void tasksPlannedInAWindowStayInItAndNeverShareAnIdWithAnotherWindows() {
        List<FetchTask> first = RunLauncher.firstTasks("r1", backfill(100), "2026-01-01T00:00:00Z");
        FetchTask next0 = FetchTask.walk("r1", "shop", "https://api.example/items?skip=50", 1, 50)
                .plannedBy(first.get(0));
        FetchTask next1 = FetchTask.walk("r1", "shop", "https://api.example/items?skip=50", 1, 50)
                .plannedBy(first.get(1));
        FetchTask range1 = FetchTask.pages("r1", "shop", List.of("a", "b"), 1).plannedBy(first.get(1));

        assertThat(List.of(next0.taskId(), next1.taskId(), range1.taskId()))
                .containsExactly("shop:w0:p1", "shop:w1:p1", "shop:w1:p1-2");
        assertThat(next1.cursor()).isEqualTo("2026-01-02T00:00:00Z");
        assertThat(next1.until()).isEqualTo("2026-01-03T00:00:00Z");
        assertThat(next1.window()).isEqualTo(1);

        FetchTask plain = FetchTask.walk("r1", "shop", "u", 0, 0).withCursor("c");
        assertThat(FetchTask.walk("r1", "shop", "u2", 1, 0).plannedBy(plain))
                .as("a task without a window plans tasks without one")
                .extracting(FetchTask::taskId, FetchTask::cursor, FetchTask::window)
                .containsExactly("shop:p1", "c", null);
    }

    @Test
    void aWindowedTaskSurvivesTheWireAndAnUnwindowedOneLooksAsBefore() {
        FetchTask windowed = RunLauncher.firstTasks("r1", backfill(100), "2026-01-01T00:00:00Z")
                .get(1);
        byte[] json = PipelineJson.mapper().writeValueAsBytes(windowed);
        assertThat(PipelineJson.mapper().readValue(json, FetchTask.class)).isEqualTo(windowed);

        String plain = PipelineJson.mapper()
                .writeValueAsString(FetchTask.walk("r1", "shop", "u", 0, 0).withCursor("c"));
        assertThat(plain).doesNotContain("window").doesNotContain("until");
    }
}
