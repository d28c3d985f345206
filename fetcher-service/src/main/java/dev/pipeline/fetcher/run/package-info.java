/**
 * Runs: the REST trigger, starting a run (its first task per source, or an upload's one task), and
 * its status and live progress as every instance reads them back from {@code pipeline.runs}.
 */
package dev.pipeline.fetcher.run;
