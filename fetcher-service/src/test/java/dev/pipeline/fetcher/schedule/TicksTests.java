package dev.pipeline.fetcher.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.support.CronExpression;

/** When schedules tick: the same instants on every instance, whatever the zone and its daylight saving time. */
class TicksTests {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Ticks cron(String expression, ZoneId zone) {
        return new Ticks.Cron(CronExpression.parse(expression), zone);
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static List<Instant> ticks(Ticks ticks, Instant after, int count) {
        List<Instant> all = new ArrayList<>();
        Instant from = after;
        for (int i = 0; i < count; i++) {
            from = ticks.next(from).orElseThrow();
            all.add(from);
        }
        return all;
    }

    @Nested
    class AnInterval {

        private final Ticks hourly = new Ticks.Every(Duration.ofHours(1));

        @Test
        void ticksOnItsMultiplesSinceTheEpochNotSinceAnInstanceStarted() {
            assertThat(ticks(hourly, at("2026-11-28T10:20:00Z"), 2))
                    .containsExactly(at("2026-11-28T11:00:00Z"), at("2026-11-28T12:00:00Z"));
            assertThat(ticks(new Ticks.Every(Duration.ofSeconds(90)), at("2026-11-28T10:00:00Z"), 2))
                    .containsExactly(at("2026-11-28T10:01:30Z"), at("2026-11-28T10:03:00Z"));
        }

        @Test
        void aTickIsStrictlyAfterTheInstantAsked() {
            assertThat(hourly.next(at("2026-11-28T11:00:00Z"))).contains(at("2026-11-28T12:00:00Z"));
        }

        @Test
        void theLatestTickUpToNowIsTheOneDueAndNoneIsDueTwice() {
            assertThat(hourly.latest(at("2026-11-28T08:00:00Z"), at("2026-11-28T10:20:00Z")))
                    .contains(at("2026-11-28T10:00:00Z"));
            assertThat(hourly.latest(at("2026-11-28T10:00:00Z"), at("2026-11-28T10:59:59Z")))
                    .isEmpty();
            assertThat(hourly.latest(at("2026-11-28T10:00:00Z"), at("2026-11-28T11:00:00Z")))
                    .contains(at("2026-11-28T11:00:00Z"));
        }
    }

    @Nested
    class ACron {

        @Test
        void isReadInItsZone() {
            assertThat(cron("0 0 0 * * *", ZoneId.of("Asia/Tokyo")).next(at("2026-11-28T10:00:00Z")))
                    .contains(at("2026-11-28T15:00:00Z"));
            assertThat(cron("0 0 0 * * *", ZoneId.of("UTC")).next(at("2026-11-28T10:00:00Z")))
                    .contains(at("2026-11-29T00:00:00Z"));
        }

        @Test
        void keepsItsLocalTimeAcrossTheSwitchToSummerTime() {
            // Berlin: CET (UTC+1) until 2026-03-29 02:00, then CEST (UTC+2): 09:00 local moves an hour in UTC.
            assertThat(ticks(cron("0 0 9 * * *", BERLIN), at("2026-03-27T12:00:00Z"), 3))
                    .containsExactly(
                            at("2026-03-28T08:00:00Z"), at("2026-03-29T07:00:00Z"), at("2026-03-30T07:00:00Z"));
        }

        @Test
        void aLocalTimeThatDoesNotExistThatDayIsSkippedThatDay() {
            // 02:30 does not happen on 2026-03-29 in Berlin (02:00 becomes 03:00).
            assertThat(ticks(cron("0 30 2 * * *", BERLIN), at("2026-03-28T12:00:00Z"), 2))
                    .containsExactly(at("2026-03-30T00:30:00Z"), at("2026-03-31T00:30:00Z"));
        }

        @Test
        void aLocalTimeThatHappensTwiceTicksTwiceAnHourApartAsTwoRuns() {
            // 02:30 happens twice on 2026-10-25 in Berlin: at +02:00, then at +01:00.
            Ticks nightly = cron("0 30 2 * * *", BERLIN);
            List<Instant> ticks = ticks(nightly, at("2026-10-24T12:00:00Z"), 3);
            assertThat(ticks)
                    .containsExactly(
                            at("2026-10-25T00:30:00Z"), at("2026-10-25T01:30:00Z"), at("2026-10-26T01:30:00Z"));
            Schedule schedule = ScheduleTests.schedule(nightly, Missed.SKIP, Duration.ofMinutes(1));
            assertThat(schedule.runId(ticks.get(0))).isNotEqualTo(schedule.runId(ticks.get(1)));
        }

        @Test
        void theLatestTickAfterALongOutageIsFoundWithoutWalkingEveryTick() {
            Ticks everySecond = cron("* * * * * *", ZoneId.of("UTC"));
            long started = System.nanoTime();
            assertThat(everySecond.latest(at("2026-11-01T00:00:00Z"), at("2026-11-28T10:20:30.400Z")))
                    .contains(at("2026-11-28T10:20:30Z"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }

        @Test
        void theLatestTickIsTheLastOneBeforeNowEvenWhenItIsLongAgo() {
            Ticks newYear = cron("0 0 0 1 1 *", ZoneId.of("UTC"));
            assertThat(newYear.latest(at("2020-06-01T00:00:00Z"), at("2026-11-28T10:00:00Z")))
                    .contains(at("2026-01-01T00:00:00Z"));
            assertThat(newYear.latest(at("2026-01-01T00:00:00Z"), at("2026-11-28T10:00:00Z")))
                    .isEmpty();
        }

        @Test
        void aCronThatNeverMatchesHasNoTick() {
            assertThat(cron("0 0 0 30 2 *", ZoneId.of("UTC")).next(at("2026-11-28T10:00:00Z")))
                    .isEqualTo(Optional.empty());
        }
    }
}
