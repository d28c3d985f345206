package dev.pipeline.fetcher.schedule;

import dev.pipeline.fetcher.source.SourceDefinition;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * A schedule ready to fire: its ticks, its sources resolved, and the rule for ticks found late.
 *
 * @param definition as configured
 * @param ticks      when it ticks
 * @param sources    the configured sources it names, in its order
 */
record Schedule(ScheduleDefinition definition, Ticks ticks, List<SourceDefinition> sources) {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    String name() {
        return definition.name();
    }

    ZoneId zone() {
        return ZoneId.of(definition.zone());
    }

    /**
     * The tick's run id, {@code <name>-<yyyyMMdd'T'HHmmss'Z'>}: the same on every instance, and
     * unique per tick (ticks are at least a second apart), so a tick's run is one run wherever it
     * is read, and a second start of it would be the same run.
     */
    String runId(Instant tick) {
        return name() + '-' + STAMP.format(tick);
    }

    /**
     * The tick due at {@code now} when {@code last} is the latest one fired (or the instant its
     * owner began watching a schedule that never fired): the latest tick after {@code last}, up to
     * {@code now}. Ticks between the two are never run: a schedule catches up with one run at most.
     * It is fired if it is no later than {@code grace}, or if missed ticks run once; otherwise skipped.
     */
    Optional<Due> due(Instant last, Instant now) {
        return ticks.latest(last, now)
                .map(tick -> new Due(
                        tick,
                        definition.missed() == Missed.RUN_ONCE
                                || !Duration.between(tick, now)
                                        .minus(definition.grace())
                                        .isPositive()));
    }

    /** A tick that has come: fired, or skipped as missed. */
    record Due(Instant tick, boolean fire) {}
}
