/**
 * Ingest: the Kafka edge, and where data enters the processor — thin listeners that put each record
 * into its run ({@code run}), reading product records ({@code ProductRecordDeserializer}: a streaming
 * reader, Spring's JSON deserializer for anything else; a record's {@code item} is stepped over, never kept), dead letters, reading a run's range from partitions another instance
 * consumes ({@code RangeReader}, behind {@code run.RangeRead}), and committing offsets only as far as
 * what they cover is reported or safely replayable. After a record, or when a container is idle, the
 * listeners take the next steps by name: complete runs are reported ({@code report}), runs no longer
 * held here are let go of ({@code run.Abandonment}), offsets are committed ({@code OffsetCommitter}).
 */
package dev.pipeline.processor.ingest;
