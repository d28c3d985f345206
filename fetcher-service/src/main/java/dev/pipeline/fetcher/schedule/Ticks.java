package dev.pipeline.fetcher.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.springframework.scheduling.support.CronExpression;

/**
 * When a schedule ticks. Every instance computes the same ticks from the configuration alone, never
 * from when it started, so whichever instance fires a tick fires the same instant.
 */
sealed interface Ticks {

    /** The first tick strictly after {@code after}; empty when there is none (a cron of February 30th). */
    Optional<Instant> next(Instant after);

    /** The latest tick in {@code (after, atOrBefore]}, if any. */
    Optional<Instant> latest(Instant after, Instant atOrBefore);

    /** A cron expression read in its zone: Spring's {@link CronExpression}, daylight saving time included. */
    record Cron(CronExpression cron, ZoneId zone) implements Ticks {

        @Override
        public Optional<Instant> next(Instant after) {
            return Optional.ofNullable(cron.next(ZonedDateTime.ofInstant(after, zone)))
                    .map(ZonedDateTime::toInstant);
        }

        /**
         * Looks back over a window that doubles from a second until it holds a tick or reaches
         * {@code after}: a schedule of every second down for a day is a few steps, not 86,400.
         */
        @Override
        public Optional<Instant> latest(Instant after, Instant atOrBefore) {
            for (Duration window = Duration.ofSeconds(1); ; window = window.multipliedBy(2)) {
                Instant from = atOrBefore.minus(window);
                boolean whole = !from.isAfter(after);
                Optional<Instant> latest = Optional.empty();
                for (Optional<Instant> tick = next(whole ? after : from);
                        tick.isPresent() && !tick.get().isAfter(atOrBefore);
                        tick = next(tick.get())) {
                    latest = tick;
                }
                if (latest.isPresent() || whole) {
                    return latest;
                }
            }
        }
    }

    /** Every {@code every}, at its multiples since the epoch: 1h ticks on the hour (UTC), 15m on the quarter. */
    record Every(Duration every) implements Ticks {

        @Override
        public Optional<Instant> next(Instant after) {
            long millis = every.toMillis();
            return Optional.of(Instant.ofEpochMilli(Math.floorDiv(after.toEpochMilli(), millis) * millis + millis));
        }

        @Override
        public Optional<Instant> latest(Instant after, Instant atOrBefore) {
            long millis = every.toMillis();
            Instant latest = Instant.ofEpochMilli(Math.floorDiv(atOrBefore.toEpochMilli(), millis) * millis);
            return latest.isAfter(after) ? Optional.of(latest) : Optional.empty();
        }
    }
}
