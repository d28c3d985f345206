package dev.pipeline.fetcher.schedule;

import java.time.Instant;

/**
 * A schedule's last tick fired: the value on {@code pipeline.schedules}, keyed by the schedule's
 * name, written in the transaction that started the tick's run. JSON; only fetchers read it.
 *
 * @param schedule the schedule's name
 * @param tick     the tick fired
 * @param runId    its run, {@code <schedule>-<tick>}
 * @param firedAt  when the owner fired it, by its clock (later than the tick when it was late)
 * @param firedBy  the instance that fired it ({@code pipeline.tasks.instance-id})
 */
record ScheduleState(String schedule, Instant tick, String runId, Instant firedAt, String firedBy) {}
