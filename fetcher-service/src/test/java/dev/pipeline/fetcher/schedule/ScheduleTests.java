package dev.pipeline.fetcher.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.RunIds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which tick is due, and whether it runs: a schedule catches up with one run at most, the latest
 * tick; {@code skip} runs it only while it is no later than {@code grace}, {@code run-once} always.
 */
class ScheduleTests {

    private static final Ticks HOURLY = new Ticks.Every(Duration.ofHours(1));

    static Schedule schedule(Ticks ticks, Missed missed, Duration grace) {
        return new Schedule(
                new ScheduleDefinition("nightly", "0 0 * * * *", null, "UTC", List.of("shop"), missed, grace),
                ticks,
                List.of());
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Test
    void aTickOnTimeOrAFewSecondsLateRuns() {
        Schedule skip = schedule(HOURLY, Missed.SKIP, Duration.ofMinutes(1));
        assertThat(skip.due(at("2026-11-28T09:00:00Z"), at("2026-11-28T10:00:00Z")))
                .contains(new Schedule.Due(at("2026-11-28T10:00:00Z"), true));
        assertThat(skip.due(at("2026-11-28T09:00:00Z"), at("2026-11-28T10:00:59Z")))
                .contains(new Schedule.Due(at("2026-11-28T10:00:00Z"), true));
    }

    @Test
    void aFiredTickIsNeverDueAgain() {
        Schedule runOnce = schedule(HOURLY, Missed.RUN_ONCE, Duration.ofMinutes(1));
        assertThat(runOnce.due(at("2026-11-28T10:00:00Z"), at("2026-11-28T10:00:00Z")))
                .isEmpty();
        assertThat(runOnce.due(at("2026-11-28T10:00:00Z"), at("2026-11-28T10:59:59Z")))
                .isEmpty();
    }

    @Test
    void skipLetsTicksMissedForLongerThanGraceGo() {
        Schedule skip = schedule(HOURLY, Missed.SKIP, Duration.ofMinutes(1));
        // Down from 08:30 to 10:20: 09:00 and 10:00 were missed; neither runs, the next is 11:00.
        assertThat(skip.due(at("2026-11-28T08:00:00Z"), at("2026-11-28T10:20:00Z")))
                .contains(new Schedule.Due(at("2026-11-28T10:00:00Z"), false));
        assertThat(skip.due(at("2026-11-28T10:00:00Z"), at("2026-11-28T10:59:00Z")))
                .isEmpty();
    }

    @Test
    void runOnceRunsTheLatestMissedTickOnlyOnce() {
        Schedule runOnce = schedule(HOURLY, Missed.RUN_ONCE, Duration.ofMinutes(1));
        assertThat(runOnce.due(at("2026-11-28T06:00:00Z"), at("2026-11-28T10:20:00Z")))
                .contains(new Schedule.Due(at("2026-11-28T10:00:00Z"), true));
    }

    @Test
    void theRunIdIsTheScheduleAndTheTickInUtcAndAValidRunId() {
        Schedule schedule = schedule(HOURLY, Missed.SKIP, Duration.ZERO);
        assertThat(schedule.runId(at("2026-11-28T10:00:00Z"))).isEqualTo("nightly-20261128T100000Z");
        String longest = "a".repeat(47);
        Schedule longName = new Schedule(
                new ScheduleDefinition(
                        longest, null, Duration.ofHours(1), "UTC", List.of("shop"), Missed.SKIP, Duration.ZERO),
                HOURLY,
                List.of());
        assertThat(RunIds.isValid(longName.runId(at("2026-11-28T10:00:00Z")))).isTrue();
    }
}
