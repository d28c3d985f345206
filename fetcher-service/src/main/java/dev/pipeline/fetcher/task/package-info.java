/**
 * A run's pages as fetch tasks over Kafka: every fetcher instance in the group takes its share,
 * each task in one Kafka transaction with all it publishes, so a task is done once or not at all.
 */
package dev.pipeline.fetcher.task;
