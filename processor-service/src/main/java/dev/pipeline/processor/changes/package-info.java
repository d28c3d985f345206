/**
 * Changes: a report's {@code changes} section — per source, the items a run added, the ones no
 * longer seen (sources fetched whole only: an incremental source, {@code Started.cursors}, fetched
 * only what changed), the ones whose price or category changed, and the largest price moves. Each
 * item is compared with its own state before the run, which the catalogue keeps
 * ({@code catalog.Catalog}: the latest record and the one before it of another run, per item), so
 * an incremental run's baseline is right although the run before it held only what changed then.
 * Which earlier runs' items count as still there comes from the reports' heads
 * ({@code stats.RunHistory}). Used by the report writer ({@code report}); never fails a report:
 * what keeps the answer from being right makes the section say it is unavailable, and why.
 */
package dev.pipeline.processor.changes;
