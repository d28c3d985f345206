/**
 * The report format, owned here once for every module that writes or reads it: the key names
 * ({@link dev.pipeline.common.report.ReportKeys}), how a product and an error are printed
 * ({@link dev.pipeline.common.report.ReportRows}), where a run's report is
 * ({@link dev.pipeline.common.report.ReportState}), the abandoned-run marker
 * ({@link dev.pipeline.common.report.AbandonedMarker}), how the files of the output directory are
 * named ({@link dev.pipeline.common.report.ReportFiles}) and how a report is read section by section
 * ({@link dev.pipeline.common.report.ReportParser}, which can also read just a report's head: its
 * {@code quality} section, present only when the run declared quality gates, and the reason a run is
 * {@code DEGRADED}). The processor writes reports with these; its
 * stats and retention, and the CLI, read them with these. The published JSON Schemas,
 * {@code report.schema.json} and {@code abandoned.schema.json} (draft 2020-12), are resources of this
 * package; every report a test of the processor or the CLI reads is validated against them.
 */
package dev.pipeline.common.report;
