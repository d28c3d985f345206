/**
 * Reports: deciding exactly when a run is complete, having its quality gates checked
 * ({@code quality}) and writing its report atomically into the report store ({@code store}), failing reports and outages, serving reports
 * and run states ({@code DEGRADED} included) over REST, and announcing a run that ends
 * {@code DEGRADED} or {@code FAILED} ({@link dev.pipeline.processor.report.RunEnded}, for the
 * webhook), and a run whose report was written ({@link dev.pipeline.processor.report.RunReported},
 * for incremental sources' cursors). Reads runs ({@code run}); never Kafka:
 * the records of a run on partitions consumed elsewhere come through {@code run.RangeRead}.
 */
package dev.pipeline.processor.report;
