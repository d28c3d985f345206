/**
 * Runs: what the processor knows of each open run, where its records are kept until it is
 * reported (an on-disk store per run), and the exact test of when a run is complete.
 */
package dev.pipeline.processor.run;
