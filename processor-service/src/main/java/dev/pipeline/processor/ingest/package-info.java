/**
 * Ingest: the Kafka edge — thin listeners, dead letters, and committing offsets only as far as
 * what they cover is reported or safely replayable.
 */
package dev.pipeline.processor.ingest;
