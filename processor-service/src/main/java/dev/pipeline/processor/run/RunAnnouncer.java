package dev.pipeline.processor.run;

import dev.pipeline.common.RunEvent;
import dev.pipeline.common.report.ReportState;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * Tells every processor instance that a run is done with, and learns what the others told: a
 * {@code reported} event on {@code pipeline.runs} (implemented by the {@code announce} package,
 * behind this interface so that the run's own steps depend on no reader of Kafka). See
 * ARCHITECTURE.md, "Several processor instances".
 */
public interface RunAnnouncer {

    /** Announces nothing and knows nothing: for a ledger used on its own (tests, harnesses). */
    RunAnnouncer NONE = new RunAnnouncer() {
        @Override
        public void announce(String runId, ReportState state, String location, String sha256, Long bytes) {}

        @Override
        public boolean catchUp(TopicPartition eventsPartition) {
            return true;
        }

        @Override
        public void reannounceIfUnannounced(String runId, TopicPartition eventsPartition) {}
    };

    /**
     * The run is done with here: its report or marker is stored at {@code location} (with its
     * {@code sha256} and size), or, for {@code FAILED}, it was given up with neither (all three
     * {@code null}). Returns once the announcement is written (acknowledged by every in-sync
     * replica); one that cannot be written now is kept and sent again in the background until it is,
     * never dropped, and never undoes the report. Called before the run's offsets are released, so
     * that a crash before it leaves the run's events to be read again (see
     * {@link #reannounceIfUnannounced}).
     */
    void announce(String runId, ReportState state, String location, String sha256, Long bytes);

    /**
     * Waits (bounded) until every announcement on {@code eventsPartition} of {@code pipeline.runs}
     * written before now has been read here (every partition when {@code null}); an announced run is
     * forgotten by the ledger as it is read. Before a report: one announced by another instance is
     * then known, and not written a second time.
     *
     * @return whether it got there in time
     */
    boolean catchUp(TopicPartition eventsPartition);

    /**
     * The run's events were read here, and it is not open: when it is done with in the store (its
     * report or marker is there) and no announcement of it was read nor sent here, the instance that
     * wrote it died before announcing it, and this one, the run's owner now, announces it from
     * what is stored. At most once per run and instance.
     */
    void reannounceIfUnannounced(String runId, TopicPartition eventsPartition);

    /**
     * The latest announcement of the run read here that another instance wrote: where its report
     * is when this instance's store does not have it (a directory of another host).
     */
    default Optional<RunEvent.Reported> announcedElsewhere(String runId) {
        return Optional.empty();
    }

    /**
     * Whether {@code url} is this instance's own advertised URL (trailing slashes aside): its own
     * announcement of an earlier start names it, and a redirect there would come back here.
     */
    default boolean isThisInstance(String url) {
        return false;
    }
}
