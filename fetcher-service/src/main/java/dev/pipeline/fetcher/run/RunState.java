package dev.pipeline.fetcher.run;

/** Where a run is, as the fetcher sees it; the report itself is the processor's. */
public enum RunState {
    /** Sources are being fetched. */
    RUNNING,
    /** Every task of the run is done (see {@code RunTasks}): everything fetched is on Kafka. */
    FETCHED,
    /** The run's records could not all be written to Kafka; it will not be reported. */
    FAILED
}
