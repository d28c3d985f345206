package dev.pipeline.fetcher.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pipeline.common.FetchState;
import java.time.Instant;
import java.util.List;

/**
 * A schedule as {@code GET /api/schedules} shows it.
 *
 * @param cron         its cron expression, or
 * @param every        its interval (ISO-8601, {@code PT1H})
 * @param zone         the zone {@code cron} is read in
 * @param missed       {@code skip} or {@code run-once}
 * @param nextTick     its next tick after now
 * @param lastTick     the last tick fired, if any has been
 * @param lastRunId    that tick's run
 * @param lastRunState that run's state as this instance's run status has it; absent when the run
 *                     is older than what it has read ({@code GET /api/runs} looks back an hour)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduleView(
        String name,
        String cron,
        String every,
        String zone,
        List<String> sources,
        String missed,
        Instant nextTick,
        Instant lastTick,
        String lastRunId,
        FetchState lastRunState) {}
