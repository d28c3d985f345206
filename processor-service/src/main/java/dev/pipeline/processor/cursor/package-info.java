/**
 * Incremental sources' cursors advance here, and only here: on {@code RunReported}, after the
 * run's report is on disk, the instance that wrote it publishes to {@code pipeline.source-state}
 * each clean incremental source's highest high-water mark ({@link dev.pipeline.processor.cursor.CursorAdvancer}),
 * never backwards and never over a set or reset made after the run started
 * ({@link dev.pipeline.processor.cursor.Advance}). A crash in between leaves the cursor behind the
 * reports: the next run fetches again, it never skips.
 */
package dev.pipeline.processor.cursor;
