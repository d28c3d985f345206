/**
 * Runs: the REST trigger, a run fetching every chosen source concurrently, and its live progress.
 */
package dev.pipeline.fetcher.run;
