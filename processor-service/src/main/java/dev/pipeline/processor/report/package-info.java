/**
 * Reports: deciding exactly when a run is complete, writing its report atomically, failing reports
 * and outages, and serving reports and run states over REST. Reads runs ({@code run}); never Kafka:
 * the records of a run on partitions consumed elsewhere come through {@code run.RangeRead}.
 */
package dev.pipeline.processor.report;
