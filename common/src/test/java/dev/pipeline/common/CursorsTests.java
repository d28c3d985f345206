package dev.pipeline.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cursor values' order, incremental sources' state as resolved from its records, and their wire forms. */
class CursorsTests {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void instantsCompareAsInstantsWhateverTheirOffset() {
        assertThat(Cursors.compare("2026-01-01T01:00:00+01:00", "2026-01-01T00:00:00Z"))
                .isZero();
        assertThat(Cursors.compare("2026-01-01T00:00:01Z", "2026-01-01T00:00:00.5Z"))
                .isPositive();
        // As strings, "...T09..." would be after "...T10:00+05:00" (05:00Z): as instants it is not.
        assertThat(Cursors.compare("2026-01-01T09:00:00Z", "2026-01-01T10:00:00+05:00"))
                .isPositive();
    }

    @Test
    void numbersCompareAsNumbersNotAsStrings() {
        assertThat(Cursors.compare("9", "10")).isNegative();
        assertThat(Cursors.compare("10.50", "10.5")).isZero();
        assertThat(Cursors.compare("-1", "0")).isNegative();
    }

    @Test
    void anythingElseComparesAsStrings() {
        assertThat(Cursors.compare("b", "a")).isPositive();
        // Not both numbers: strings, "9" > "10x".
        assertThat(Cursors.compare("9", "10x")).isPositive();
        assertThat(Cursors.max(null, "a")).isEqualTo("a");
        assertThat(Cursors.max("a", null)).isEqualTo("a");
        assertThat(Cursors.max("9", "10")).isEqualTo("10");
    }

    @Test
    void eachKindAcceptsOnlyItsValues() {
        assertThat(Cursors.Kind.INSTANT.accepts("2026-01-01T00:00:00Z")).isTrue();
        assertThat(Cursors.Kind.INSTANT.accepts("2026-01-01")).isFalse();
        assertThat(Cursors.Kind.INSTANT.accepts("42")).isFalse();
        assertThat(Cursors.Kind.NUMBER.accepts("42")).isTrue();
        assertThat(Cursors.Kind.NUMBER.accepts("x42")).isFalse();
        assertThat(Cursors.Kind.TEXT.accepts("anything")).isTrue();
        assertThat(Cursors.Kind.TEXT.accepts(" ")).isFalse();
        assertThat(Cursors.Kind.TEXT.accepts(null)).isFalse();
    }

    @Test
    void aSourcesStateIsItsLatestGenerationsHighestCursor() {
        SourceState advanced = new SourceState("s", "2026-01-01T05:00:00Z", "run-a", T0, 0, 0L);
        SourceState late = new SourceState("s", "2026-01-01T03:00:00Z", "run-b", T0, 0, 0L);
        // Two processors advanced at once and the older run's write landed last: the higher stays.
        assertThat(SourceState.resolve(List.of(advanced, late))).contains(advanced);
        SourceState reset = new SourceState("s", null, null, T0, 1, 0L);
        assertThat(SourceState.resolve(List.of(advanced, late, reset))).contains(reset);
        SourceState afterReset = new SourceState("s", "2026-01-01T01:00:00Z", "run-c", T0, 1, 0L);
        assertThat(SourceState.resolve(List.of(advanced, reset, afterReset))).contains(afterReset);
        assertThat(SourceState.resolve(List.of())).isEmpty();

        // The writer that finds the lower advance last writes the higher again: compaction keeps the last.
        assertThat(SourceState.repair(List.of(advanced, late))).contains(advanced);
        assertThat(SourceState.repair(List.of(late, advanced))).isEmpty();
        assertThat(SourceState.repair(List.of(advanced, reset))).isEmpty();
    }

    @Test
    void anOlderTaskDoneAndStartReadAsNoHighWaterAndGenerationZero() {
        String olderDone = "{\"type\":\"task_done\",\"runId\":\"run\",\"taskId\":\"s:p0\",\"source\":\"s\","
                + "\"fetcher\":\"f\",\"attempt\":\"a\",\"children\":[],\"pages\":1,\"errors\":0,\"lastOffsets\":{},"
                + "\"productsPublished\":2,\"endpoint\":\"http://h/x\",\"finishedAt\":\"2026-01-01T00:00:00Z\"}";
        RunEvent.TaskDone done = (RunEvent.TaskDone) PipelineJson.mapper().readValue(olderDone, RunEvent.class);
        assertThat(done.highWater()).isNull();
        assertThat(done.withoutCursor()).isZero();

        String olderStart = "{\"type\":\"started\",\"runId\":\"run\",\"sources\":[\"s\"],"
                + "\"startedAt\":\"2026-01-01T00:00:00Z\",\"startOffsets\":{},\"tasks\":[\"s:p0\"],"
                + "\"cursors\":{\"s\":\"5\"}}";
        RunEvent.Started started = (RunEvent.Started) PipelineJson.mapper().readValue(olderStart, RunEvent.class);
        assertThat(started.generation("s")).isZero();
        assertThat(started.cursors()).containsEntry("s", "5");
    }

    @Test
    void theNewFieldsGoOnTheWireOnlyWhenThereIsSomethingToSay() {
        RunEvent.TaskDone done = new RunEvent.TaskDone(
                "run", "s:p0", "s", "f", "a", List.of(), SourceStats.NONE, 1, 0, Map.of(), 2, null, "u", T0, "7", 1L);
        String json = PipelineJson.mapper().writerFor(RunEvent.class).writeValueAsString(done);
        assertThat(PipelineJson.mapper().readValue(json, RunEvent.class)).isEqualTo(done);
        assertThat(json).contains("\"highWater\":\"7\"", "\"withoutCursor\":1");

        RunEvent.TaskDone plain = new RunEvent.TaskDone(
                "run", "s:p0", "s", "f", "a", List.of(), SourceStats.NONE, 1, 0, Map.of(), 2, null, "u", T0);
        assertThat(PipelineJson.mapper().writerFor(RunEvent.class).writeValueAsString(plain))
                .doesNotContain("highWater", "withoutCursor");

        java.util.Map<String, String> cursors = new java.util.HashMap<>();
        cursors.put("s", null);
        RunEvent.Started started = new RunEvent.Started(
                "run", List.of("s"), T0, Map.of(), List.of("s:p0"), Map.of(), cursors, Map.of("s", 3L));
        String startJson = PipelineJson.mapper().writerFor(RunEvent.class).writeValueAsString(started);
        assertThat(PipelineJson.mapper().readValue(startJson, RunEvent.class)).isEqualTo(started);

        FetchTask task = FetchTask.walk("run", "s", "http://h/x", 0, 0);
        assertThat(PipelineJson.mapper().writeValueAsString(task)).doesNotContain("cursor");
        FetchTask incremental = task.withCursor("2026-01-01T00:00:00Z");
        assertThat(PipelineJson.mapper()
                        .readValue(PipelineJson.mapper().writeValueAsString(incremental), FetchTask.class))
                .isEqualTo(incremental);
    }
}
