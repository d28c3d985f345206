package dev.pipeline.fetcher.schedule;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.support.CronExpression;

/**
 * One schedule as configured, {@code pipeline.schedules[*]}: when it ticks, and which sources each
 * tick's run fetches.
 *
 * @param name    unique; with the tick it makes the run id, {@code <name>-<yyyyMMdd'T'HHmmss'Z'>}, so
 *                at most 47 characters (a run id has at most 64)
 * @param cron    Spring's six fields, {@code second minute hour day-of-month month day-of-week}
 *                (macros such as {@code @hourly} too), read in {@code zone}; or else
 * @param every   an interval of at least a second; its ticks are the multiples of it since
 *                1970-01-01T00:00Z, the same on every instance (a zone does not move them)
 * @param zone    the time zone {@code cron} is read in; UTC unless set
 * @param sources names of configured sources, the run's sources
 * @param missed  what to do with ticks missed, more than {@code grace} late: one run for them, or none
 * @param grace   how late a tick is still fired, as itself: a handover between instances (a kill, a
 *                restart, a rebalance) takes seconds, and the ticks it delays are late, not missed
 */
public record ScheduleDefinition(
        @NotNull
        @Pattern(
                regexp = "[a-z0-9][a-z0-9_-]{0,46}",
                message = "must be 1-47 lower-case letters, digits, '-' or '_', starting with a letter or digit")
        String name,

        String cron,
        Duration every,
        @DefaultValue("UTC") @NotBlank String zone,
        @NotEmpty List<@NotBlank String> sources,
        @DefaultValue("skip") @NotNull Missed missed,
        @DefaultValue("1m") @NotNull @DurationMin(nanos = 0) Duration grace) {

    public ScheduleDefinition {
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    @AssertTrue(message = "set either cron or every, not both")
    public boolean isCronOrEvery() {
        return (cron == null) != (every == null);
    }

    @AssertTrue(message = "cron must be six fields: second minute hour day-of-month month day-of-week")
    public boolean isCronValid() {
        return cron == null || CronExpression.isValidExpression(cron);
    }

    @AssertTrue(message = "every must be at least 1s")
    public boolean isEveryAtLeastASecond() {
        return every == null || every.compareTo(Duration.ofSeconds(1)) >= 0;
    }

    @AssertTrue(message = "zone must be a time-zone id such as UTC or Europe/Berlin")
    public boolean isZoneKnown() {
        try {
            return zone == null || ZoneId.of(zone) != null;
        } catch (DateTimeException e) {
            return false;
        }
    }
}
