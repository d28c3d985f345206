/** Showing a run's progress: bars on a terminal, a plain line now and then elsewhere, nothing with --quiet. */
package dev.pipeline.cli.progress;
