/**
 * Stats: totals across every report in the report store — runs, products, errors, success
 * rate, per source and per category — optionally within a window of run start times — and, for the
 * drop gate, a source's products in the last complete run that fetched it ({@code LastRuns}); for a
 * report's changes, which earlier runs it is against ({@code RunHistory}, from the reports' heads). Reports are
 * read as token streams, never whole, and what was read of each is kept until it changes. The store
 * is listed once for all of them ({@code StoreListing}), kept a few seconds where a listing costs
 * requests (S3) and taken again as soon as this instance writes or deletes a report.
 * Reads the reports only, listed and opened through {@code store}, with common's report format
 * ({@code dev.pipeline.common.report}); no other package of the processor.
 */
package dev.pipeline.processor.stats;
