package dev.pipeline.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidTypeIdException;

/** The run events as they are on the wire: their {@code type} names, and what a reader makes of one it does not know. */
class RunEventJsonTests {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void everyEventIsReadBackAsItWasWritten() {
        List<RunEvent> events = List.of(
                new RunEvent.Started("run", List.of("upload"), T0, Map.of(0, 3L), List.of("upload:p0")),
                new RunEvent.TaskStarted("run", "upload:p0", "upload", "f", T0),
                new RunEvent.FetchFailed("run", "upload", "upload:a.json", "missing id", "invalid_item", 0, T0, "try"),
                new RunEvent.TaskDone(
                        "run",
                        "upload:p0",
                        "upload",
                        "f",
                        "try",
                        List.of(),
                        SourceStats.NONE,
                        1,
                        1,
                        Map.of(0, 7L),
                        4,
                        null,
                        "upload",
                        T0),
                new RunEvent.Reported(
                        "run",
                        "COMPLETE",
                        "file:///srv/output/run.json",
                        "ab".repeat(32),
                        1234L,
                        "processor-1",
                        "http://processor-1:8081",
                        T0),
                new RunEvent.Reported("run", "FAILED", null, null, null, "processor-1", null, T0));
        for (RunEvent event : events) {
            String json = PipelineJson.mapper().writerFor(RunEvent.class).writeValueAsString(event);
            assertThat(PipelineJson.mapper().readValue(json, RunEvent.class)).isEqualTo(event);
        }
        assertThat(types(events))
                .containsExactly("started", "task_started", "fetch_failed", "task_done", "reported", "reported");
    }

    /**
     * The events an older version ended uploads with may still be on the topic (7 days' retention): they
     * are unknown types now, so a reader gets the exception it gets for any record it cannot read — the
     * fetcher's status skips it, the processor dead-letters it — never an event of a run.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"type\":\"source_finished\",\"runId\":\"run\",\"source\":\"upload\",\"stats\":{},\"finishedAt\":\"2026-11-23T10:00:00Z\"}",
                "{\"type\":\"fetched\",\"runId\":\"run\",\"lastOffsets\":{\"0\":3},\"productsPublished\":1,\"fetchedAt\":\"2026-11-23T10:00:00Z\"}",
                "{\"type\":\"no_such_event\",\"runId\":\"run\"}"
            })
    void anEventOfATypeNoLongerOrNotYetKnownCannotBeRead(String json) {
        assertThatThrownBy(() -> PipelineJson.mapper().readValue(json, RunEvent.class))
                .isInstanceOf(InvalidTypeIdException.class)
                .isInstanceOf(JacksonException.class);
    }

    @Test
    void aStartCarriesItsSourcesQualityGatesAndOneWithoutThemReadsAsARunWithout() {
        RunEvent.Started withGates = new RunEvent.Started(
                "run",
                List.of("shop"),
                T0,
                Map.of(),
                List.of("shop:p0"),
                Map.of("shop", new SourceExpectations(10L, 0.1, null)));
        String json = PipelineJson.mapper().writerFor(RunEvent.class).writeValueAsString(withGates);
        assertThat(json).contains("\"minItems\":10").contains("\"maxInvalidRatio\":0.1");
        assertThat(PipelineJson.mapper().readValue(json, RunEvent.class)).isEqualTo(withGates);

        String without = PipelineJson.mapper()
                .writerFor(RunEvent.class)
                .writeValueAsString(new RunEvent.Started("run", List.of("shop"), T0, Map.of(), List.of("shop:p0")));
        assertThat(without).as("a start without gates is written as before").doesNotContain("expectations");
        RunEvent older = PipelineJson.mapper()
                .readValue(
                        "{\"type\":\"started\",\"runId\":\"run\",\"sources\":[\"shop\"],\"startedAt\":\"2026-11-23T10:00:00Z\",\"tasks\":[\"shop:p0\"]}",
                        RunEvent.class);
        assertThat(older)
                .isInstanceOfSatisfying(
                        RunEvent.Started.class,
                        s -> assertThat(s.expectations()).isEmpty());
    }

    @Test
    void aStartWithoutTasksIsReadAsARunWithNone() {
        RunEvent started = PipelineJson.mapper()
                .readValue(
                        "{\"type\":\"started\",\"runId\":\"run\",\"sources\":[\"upload\"],\"startedAt\":\"2026-11-23T10:00:00Z\"}",
                        RunEvent.class);
        assertThat(started).isInstanceOfSatisfying(RunEvent.Started.class, s -> {
            assertThat(s.tasks()).isEmpty();
            assertThat(s.startOffsets()).isEmpty();
        });
    }

    private static List<String> types(List<RunEvent> events) {
        return events.stream()
                .map(e -> PipelineJson.mapper().writerFor(RunEvent.class).writeValueAsString(e))
                .map(json -> PipelineJson.mapper().readTree(json).get("type").asString())
                .toList();
    }
}
