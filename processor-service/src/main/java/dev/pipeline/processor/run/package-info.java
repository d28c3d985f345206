/**
 * Runs: what the processor knows of each open run and where its records are kept until it is
 * reported (an on-disk store per run, the partition marks that say how far commits may go, the price
 * rule), the cap on open runs, letting go of runs that went quiet ({@code Abandonment}) with the
 * markers that say so ({@code AbandonedRuns}, kept in the report store), whether a run is reported,
 * and the startup check of {@code abandon-after} against the products topic. Imports no other package
 * of the processor but {@code store} (and the root package's {@code ProcessorProperties}): ingest
 * writes into it, report reads it.
 */
package dev.pipeline.processor.run;
