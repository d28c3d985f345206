package dev.pipeline.fetcher.schedule;

import dev.pipeline.fetcher.source.SourceDefinition;
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
     * The next tick to handle at {@code now}, when {@code last} is the latest one handled (or the
     * instant its owner began watching a schedule that never fired). A tick at most {@code grace}
     * late is due as itself, each one in turn: a handover between instances delays ticks, it does
     * not miss them. Ticks later than that were missed, and are due as one, the latest of them:
     * fired under {@code missed: run-once}, skipped under {@code skip}. Called again with the tick
     * handled as {@code last}, until nothing is due.
     */
    Optional<Due> due(Instant last, Instant now) {
        Instant missedUpTo = now.minus(definition.grace());
        if (missedUpTo.isAfter(last)) {
            Optional<Instant> missed = ticks.latest(last, missedUpTo);
            if (missed.isPresent()) {
                return Optional.of(new Due(missed.get(), definition.missed() == Missed.RUN_ONCE));
            }
        }
        return ticks.next(last).filter(tick -> !tick.isAfter(now)).map(tick -> new Due(tick, true));
    }

    /** A tick that has come: fired, or skipped as missed. */
    record Due(Instant tick, boolean fire) {}
}
