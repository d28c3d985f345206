package dev.pipeline.processor.run;

import java.util.Collection;

/**
 * Reads the records of a run that are on products partitions another instance consumes into the
 * run's store: from where the run started on each partition to the offset its final event names.
 * With several processor instances, the one that owns a run's events writes its report, and this is
 * how it gets the rest. Kafka's side implements it (ingest); completion calls it once the run has
 * ended, so reports depend on runs, never on how records are read.
 */
public interface RangeRead {

    /** @param partitions products partitions of the run's range that this instance does not consume */
    void read(OpenRun run, Collection<Integer> partitions);
}
