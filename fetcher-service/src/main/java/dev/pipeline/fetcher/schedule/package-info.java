/**
 * Schedules: runs started on a cron expression or an interval, exactly one per tick however many
 * fetcher instances run. The instance that holds the one partition of {@code pipeline.schedules}
 * in the {@code pipeline-schedulers} group fires the ticks; each tick's run starts in one Kafka
 * transaction with the tick's record and the group's offsets, so an instance that lost the
 * partition cannot commit a tick (see ARCHITECTURE.md, "Schedules").
 */
package dev.pipeline.fetcher.schedule;
