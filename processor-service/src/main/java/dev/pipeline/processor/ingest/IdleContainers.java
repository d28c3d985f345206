package dev.pipeline.processor.ingest;

import dev.pipeline.processor.report.RunCompletion;
import dev.pipeline.processor.run.Abandonment;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.event.ListenerContainerIdleEvent;
import org.springframework.stereotype.Component;

/**
 * When a listener container has had no record for a while ({@code idle-event-interval}), the steps
 * a record is followed by are taken anyway, so that runs end, and offsets move, without new records:
 * complete runs are reported (a safety net: reports that failed are retried by RunCompletion's own
 * retrier, not by this), the runs this instance need not hold any more are let go of, and the idle
 * partitions' offsets committed. The event comes on the consumer's own thread, so its consumer may
 * be used here.
 */
@Component
class IdleContainers {

    private final RunCompletion completion;
    private final Abandonment abandonment;
    private final OffsetCommitter committer;

    IdleContainers(RunCompletion completion, Abandonment abandonment, OffsetCommitter committer) {
        this.completion = completion;
        this.abandonment = abandonment;
        this.committer = committer;
    }

    @EventListener
    void onIdle(ListenerContainerIdleEvent idle) {
        completion.reportCompleteRuns();
        if (idle.getConsumer() != null) {
            abandonment.check();
            committer.commit(idle.getConsumer(), idle.getTopicPartitions());
        }
    }
}
