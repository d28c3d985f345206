/** Publish: the Kafka side of a run — a run's start, and one task's output with the offsets it reached. */
package dev.pipeline.fetcher.publish;
