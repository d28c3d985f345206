package dev.pipeline.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunTasksTests {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void aRunEndsOnlyWhenEveryTaskItsTasksPlannedIsDone() {
        RunTasks tasks = new RunTasks();
        tasks.started(List.of("a:p0", "b:p0"));
        assertThat(tasks.ended()).isFalse();

        tasks.done(done("a:p0", List.of("a:p1-10", "a:p11-20"), Map.of(0, 5L), 3, T0));
        tasks.done(done("b:p0", List.of(), Map.of(1, 7L), 2, T0.plusSeconds(1)));
        assertThat(tasks.ended()).as("a's two range tasks are still to do").isFalse();
        tasks.done(done("a:p1-10", List.of(), Map.of(0, 9L, 2, 4L), 10, T0.plusSeconds(3)));
        assertThat(tasks.ended()).isFalse();
        tasks.done(done("a:p11-20", List.of(), Map.of(0, 8L), 10, T0.plusSeconds(2)));

        assertThat(tasks.ended()).isTrue();
        assertThat(tasks.plannedCount()).isEqualTo(4);
        RunEnd end = tasks.end("run");
        assertThat(end.lastOffsets()).isEqualTo(Map.of(0, 9L, 1, 7L, 2, 4L));
        assertThat(end.productsPublished()).isEqualTo(25);
        assertThat(end.endedAt()).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void aChildDoneBeforeItsParentIsCountedOnceTheParentNamesIt() {
        RunTasks tasks = new RunTasks();
        tasks.started(List.of("a:p0"));
        tasks.done(done("a:p1", List.of(), Map.of(), 1, T0));
        assertThat(tasks.ended()).as("a:p0 is not done").isFalse();
        tasks.done(done("a:p0", List.of("a:p1"), Map.of(), 1, T0));
        assertThat(tasks.ended()).isTrue();
    }

    @Test
    void onlyATasksFirstDoneCounts() {
        RunTasks tasks = new RunTasks();
        tasks.started(List.of("a:p0"));
        assertThat(tasks.done(done("a:p0", List.of(), Map.of(0, 3L), 4, T0))).isTrue();
        assertThat(tasks.done(done("a:p0", List.of("a:p1"), Map.of(0, 30L), 40, T0)))
                .isFalse();
        assertThat(tasks.ended()).isTrue();
        assertThat(tasks.end("run").productsPublished()).isEqualTo(4);
        assertThat(tasks.end("run").lastOffsets()).isEqualTo(Map.of(0, 3L));
    }

    @Test
    void nothingEndsBeforeTheStartIsRead() {
        RunTasks tasks = new RunTasks();
        tasks.done(done("a:p0", List.of(), Map.of(), 1, T0));
        assertThat(tasks.ended()).isFalse();
        assertThatThrownBy(() -> tasks.end("run")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anUploadIsARunOfOneTaskThatEndsWithItsTaskDone() {
        String upload = FetchTask.pageTaskId("upload", 0);
        assertThat(upload)
                .isEqualTo("upload:p0")
                .isEqualTo(FetchTask.walk("run", "upload", "http://x", 0, 0).taskId());
        RunTasks tasks = new RunTasks();
        tasks.started(List.of(upload));
        assertThat(tasks.ended()).isFalse();

        tasks.done(new RunEvent.TaskDone(
                "run",
                upload,
                "upload",
                "f",
                "try",
                List.of(),
                new SourceStats(0, 0, 0, 0, 11, 5),
                2,
                6,
                Map.of(0, 4L, 2, 9L),
                6,
                null,
                "upload",
                T0));

        assertThat(tasks.ended()).isTrue();
        assertThat(tasks.end("run")).isEqualTo(new RunEnd("run", Map.of(0, 4L, 2, 9L), 6, T0));
    }

    @Test
    void aTaskKeyNamesItsRunAndTaskEvenWithoutItsValue() {
        FetchTask task = FetchTask.pages("20261123-100000-abc", "shop", List.of("http://x/1", "http://x/2"), 1);
        assertThat(task.taskId()).isEqualTo("shop:p1-2");
        assertThat(FetchTask.runIdOf(task.key())).isEqualTo("20261123-100000-abc");
        assertThat(FetchTask.taskIdOf(task.key())).isEqualTo("shop:p1-2");
        assertThat(FetchTask.runIdOf("no-slash")).isNull();
        assertThat(FetchTask.taskIdOf("run/")).isNull();
        assertThat(FetchTask.runIdOf(null)).isNull();
    }

    private static RunEvent.TaskDone done(
            String task, List<String> children, Map<Integer, Long> offsets, long published, Instant at) {
        return new RunEvent.TaskDone(
                "run",
                task,
                task.substring(0, 1),
                "f",
                "try",
                children,
                SourceStats.NONE,
                1,
                0,
                offsets,
                published,
                null,
                "http://x",
                at);
    }
}
