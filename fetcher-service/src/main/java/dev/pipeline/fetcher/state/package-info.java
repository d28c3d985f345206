/**
 * Incremental sources' cursors, {@code pipeline.source-state}: read to the topic's end when a run
 * starts ({@link dev.pipeline.fetcher.state.SourceStates}), where each incremental source's run
 * starts from ({@link dev.pipeline.fetcher.state.RunCursors}), and {@code GET/POST
 * /api/sources/{name}/state}, which shows, sets or resets a cursor. The processor advances cursors,
 * after a run's report; the fetcher only reads them, and writes sets and resets.
 */
package dev.pipeline.fetcher.state;
