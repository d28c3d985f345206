package dev.pipeline.processor.cursor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.RunEvent;
import dev.pipeline.common.SourceState;
import dev.pipeline.common.SourceStats;
import dev.pipeline.common.report.ReportState;
import dev.pipeline.processor.report.RunReported;
import dev.pipeline.processor.run.SourceCursor;
import dev.pipeline.processor.store.ReportStore;
import dev.pipeline.processor.store.Stored;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * When a reported run moves its incremental sources' cursors: only after the report (the event
 * is the only way in), only for clean sources, never backwards, never over a set or reset made
 * after the run started; and a write that fails (the process dying between report and state is
 * the same) leaves the cursor behind the reports, so the next run fetches again.
 */
class CursorAdvancerTests {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** The topic as a list of records, resolved as the real one is. */
    private static final class Log implements StateLog {
        final List<SourceState> records = new ArrayList<>();
        boolean failWrites;

        @Override
        public Optional<SourceState> read(String source) {
            return SourceState.resolve(
                    records.stream().filter(r -> r.source().equals(source)).toList());
        }

        @Override
        public void write(SourceState state) {
            if (failWrites) {
                throw new IllegalStateException("broker gone");
            }
            records.add(state);
        }

        String cursor(String source) {
            return read(source).map(SourceState::cursor).orElse(null);
        }
    }

    private final Log log = new Log();
    private final CursorAdvancer advancer = new CursorAdvancer(log, new SimpleMeterRegistry());

    private static RunReported reported(String runId, long generation, Map<String, SourceCursor> cursors) {
        Map<String, String> from = new HashMap<>();
        cursors.keySet().forEach(source -> from.put(source, null));
        Map<String, Long> generations = new HashMap<>();
        cursors.keySet().forEach(source -> generations.put(source, generation));
        List<String> sources = new ArrayList<>(cursors.keySet());
        sources.add("whole");
        RunEvent.Started started =
                new RunEvent.Started(runId, sources, T0, Map.of(), List.of(), Map.of(), from, generations);
        Map<String, SourceCursor> all = new HashMap<>(cursors);
        all.put("whole", new SourceCursor(null, true, 0));
        Stored report = new Stored(
                runId,
                ReportStore.Kind.REPORT,
                Path.of("out", runId + ".json").toAbsolutePath().toUri().toString(),
                0,
                T0,
                null);
        return new RunReported(runId, ReportState.COMPLETE, started, all, report);
    }

    @Test
    void aCleanSourceAdvancesToItsHighWaterMarkAndOnlyAnIncrementalOne() {
        advancer.advance(reported("run-1", 0, Map.of("shop", new SourceCursor("2026-01-01T05:00:00Z", true, 2))));

        assertThat(log.cursor("shop")).isEqualTo("2026-01-01T05:00:00Z");
        assertThat(log.read("shop").orElseThrow())
                .extracting(SourceState::runId, SourceState::generation, SourceState::withoutCursor)
                .containsExactly("run-1", 0L, 2L);
        assertThat(log.read("whole")).as("not incremental: no state").isEmpty();
    }

    @Test
    void aSourceWithAFailedPageOrADeadLetteredTaskKeepsItsCursor() {
        log.records.add(new SourceState("shop", "2026-01-01T01:00:00Z", "run-0", T0, 0, 0L));
        advancer.advance(reported(
                "run-1",
                0,
                Map.of(
                        "shop", new SourceCursor("2026-01-01T05:00:00Z", false, 0),
                        "blog", new SourceCursor("9", true, 0))));

        assertThat(log.cursor("shop")).isEqualTo("2026-01-01T01:00:00Z");
        assertThat(log.cursor("blog"))
                .as("the clean source of the same run advances")
                .isEqualTo("9");
    }

    @Test
    void anOlderRunReportedLateNeverMovesTheCursorBack() {
        advancer.advance(reported("run-2", 0, Map.of("shop", new SourceCursor("2026-01-01T05:00:00Z", true, 0))));
        advancer.advance(reported("run-1", 0, Map.of("shop", new SourceCursor("2026-01-01T03:00:00Z", true, 0))));

        assertThat(log.cursor("shop")).isEqualTo("2026-01-01T05:00:00Z");
        assertThat(log.records).hasSize(1);
    }

    @Test
    void aRunStartedBeforeASetOrResetNeverAdvancesOverIt() {
        log.records.add(new SourceState("shop", null, null, T0, 1, 0L)); // reset after run-1 started (generation 0)
        advancer.advance(reported("run-1", 0, Map.of("shop", new SourceCursor("2026-01-01T05:00:00Z", true, 0))));
        assertThat(log.cursor("shop")).isNull();

        advancer.advance(reported("run-2", 1, Map.of("shop", new SourceCursor("2026-01-01T02:00:00Z", true, 0))));
        assertThat(log.cursor("shop"))
                .as("a run started after the reset does advance")
                .isEqualTo("2026-01-01T02:00:00Z");
    }

    @Test
    void aRunThatReachedNoCursorValueLeavesTheCursorBe() {
        log.records.add(new SourceState("shop", "5", "run-0", T0, 0, 0L));
        advancer.advance(reported("run-1", 0, Map.of("shop", new SourceCursor(null, true, 3))));
        assertThat(log.cursor("shop")).isEqualTo("5");
    }

    @Test
    void aWriteThatFailsLeavesTheCursorBehindTheReportsSoTheNextRunFetchesAgain() {
        log.records.add(new SourceState("shop", "2026-01-01T01:00:00Z", "run-0", T0, 0, 0L));
        log.failWrites = true; // as if the process died after the report was written, before the state was
        advancer.advance(reported("run-1", 0, Map.of("shop", new SourceCursor("2026-01-01T05:00:00Z", true, 0))));

        assertThat(log.cursor("shop"))
                .as("behind run-1's report: the next run fetches from run-0's cursor, nothing is skipped")
                .isEqualTo("2026-01-01T01:00:00Z");

        log.failWrites = false; // the next run re-fetches what run-1 had, and is reported
        advancer.advance(reported("run-2", 0, Map.of("shop", new SourceCursor("2026-01-01T05:00:00Z", true, 0))));
        assertThat(log.cursor("shop")).isEqualTo("2026-01-01T05:00:00Z");
    }

    @Test
    void aTasksShareIsCleanOnlyWhenItRanAndOnlyItsItemsWereInvalid() {
        assertThat(SourceCursor.of(done(3, 3, null)).clean())
                .as("invalid items only")
                .isTrue();
        assertThat(SourceCursor.of(done(4, 3, null)).clean())
                .as("a failed page")
                .isFalse();
        assertThat(SourceCursor.of(done(0, 0, "gave up after 3 tries")).clean())
                .as("dead-lettered")
                .isFalse();
        SourceCursor both = SourceCursor.of(done(0, 0, null)).plus(SourceCursor.of(done(1, 0, null)));
        assertThat(both.clean()).isFalse();
        assertThat(both.highWater()).isEqualTo("10");
    }

    @Test
    void aCleanWindowedBackfillAdvancesToItsLastWindowsEndEvenPastEmptyWindowsAndAFailedWindowHoldsIt() {
        // Three windows, as the fetcher reports them: each task reaches its window's end; the last two held no item.
        SourceCursor windows = SourceCursor.of(window("shop:w0:p0", "2026-01-02T00:00:00Z", 0))
                .plus(SourceCursor.of(window("shop:w1:p0", "2026-01-03T00:00:00Z", 0)))
                .plus(SourceCursor.of(window("shop:w2:p0", "2026-01-03T12:00:00Z", 0)));
        advancer.advance(reported("run-1", 0, Map.of("shop", windows)));
        assertThat(log.cursor("shop")).isEqualTo("2026-01-03T12:00:00Z");

        SourceCursor failedMiddle = SourceCursor.of(window("shop:w0:p0", "2026-01-04T00:00:00Z", 0))
                .plus(SourceCursor.of(window("shop:w1:p0", "2026-01-05T00:00:00Z", 1)))
                .plus(SourceCursor.of(window("shop:w2:p0", "2026-01-06T00:00:00Z", 0)));
        advancer.advance(reported("run-2", 0, Map.of("shop", failedMiddle)));
        assertThat(log.cursor("shop"))
                .as("a failed window: the later windows' ends must not skip it")
                .isEqualTo("2026-01-03T12:00:00Z");
    }

    private static RunEvent.TaskDone window(String taskId, String until, long errors) {
        return new RunEvent.TaskDone(
                "run",
                taskId,
                "shop",
                "f",
                "a",
                List.of(),
                new SourceStats(1, 0, 0, 0, 0, 0),
                1,
                errors,
                Map.of(),
                0,
                null,
                "http://h/x",
                T0,
                until,
                0L);
    }

    private static RunEvent.TaskDone done(long errors, long invalid, String failure) {
        return new RunEvent.TaskDone(
                "run",
                "shop:p" + errors,
                "shop",
                "f",
                "a",
                List.of(),
                new SourceStats(1, 1, 0, 0, 5, invalid),
                1,
                errors,
                Map.of(),
                5,
                failure,
                "http://h/x",
                T0,
                errors == 1 ? "10" : "9",
                0L);
    }
}
