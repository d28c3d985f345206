package dev.pipeline.fetcher.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.RunIds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which tick is due, and whether it runs: a tick at most {@code grace} late runs as itself, each
 * one; ticks later than that were missed and are one run ({@code run-once}, as the latest of them)
 * or none ({@code skip}).
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
    void ticksDelayedByAHandoverEachRunInTurn() {
        Schedule everySecond = schedule(new Ticks.Every(Duration.ofSeconds(1)), Missed.SKIP, Duration.ofMinutes(1));
        Instant now = at("2026-11-28T10:00:12.300Z");
        List<Instant> fired = new java.util.ArrayList<>();
        Instant last = at("2026-11-28T10:00:00Z");
        for (var due = everySecond.due(last, now); due.isPresent(); due = everySecond.due(last, now)) {
            assertThat(due.get().fire()).isTrue();
            last = due.get().tick();
            fired.add(last);
        }
        assertThat(fired).hasSize(12).startsWith(at("2026-11-28T10:00:01Z")).endsWith(at("2026-11-28T10:00:12Z"));
    }

    @Test
    void missedTicksAreOneRunUnderRunOnceThenTheLateOnesEachRun() {
        Ticks everyTenSeconds = new Ticks.Every(Duration.ofSeconds(10));
        Instant now = at("2026-11-28T10:02:05Z");
        Instant last = at("2026-11-28T10:00:00Z");
        // Missed: up to 10:01:35 (grace 30 s): 10:00:10 ... 10:01:30, one run as 10:01:30.
        Schedule runOnce = schedule(everyTenSeconds, Missed.RUN_ONCE, Duration.ofSeconds(30));
        assertThat(runOnce.due(last, now)).contains(new Schedule.Due(at("2026-11-28T10:01:30Z"), true));
        assertThat(runOnce.due(at("2026-11-28T10:01:30Z"), now))
                .contains(new Schedule.Due(at("2026-11-28T10:01:40Z"), true));
        assertThat(runOnce.due(at("2026-11-28T10:02:00Z"), now)).isEmpty();
        Schedule skip = schedule(everyTenSeconds, Missed.SKIP, Duration.ofSeconds(30));
        assertThat(skip.due(last, now)).contains(new Schedule.Due(at("2026-11-28T10:01:30Z"), false));
        assertThat(skip.due(at("2026-11-28T10:01:30Z"), now))
                .contains(new Schedule.Due(at("2026-11-28T10:01:40Z"), true));
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
