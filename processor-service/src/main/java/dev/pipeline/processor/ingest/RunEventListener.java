package dev.pipeline.processor.ingest;

import dev.pipeline.common.RunEvent;
import dev.pipeline.common.RunIds;
import dev.pipeline.common.Topics;
import dev.pipeline.processor.report.RunCompletion;
import dev.pipeline.processor.run.Abandonment;
import dev.pipeline.processor.run.RunAnnouncer;
import dev.pipeline.processor.run.RunLedger;
import dev.pipeline.processor.run.RunStore;
import java.io.UncheckedIOException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads {@code pipeline.runs}: starts, errors, and the tasks' ends (their stats and offsets) that
 * make a run completable; then the same steps as after a product (see {@link ProductListener}). An
 * event it cannot read — of a type it does not know, such as the {@code source_finished} and
 * {@code fetched} an older version ended uploads with — is dead-lettered like any unreadable record.
 */
@Component
class RunEventListener {

    private final RunLedger ledger;
    private final RunCompletion completion;
    private final Abandonment abandonment;
    private final OffsetCommitter committer;
    private final RunAnnouncer announcer;

    RunEventListener(
            RunLedger ledger,
            RunCompletion completion,
            Abandonment abandonment,
            OffsetCommitter committer,
            RunAnnouncer announcer) {
        this.ledger = ledger;
        this.announcer = announcer;
        this.completion = completion;
        this.abandonment = abandonment;
        this.committer = committer;
    }

    @KafkaListener(
            id = "runs",
            idIsGroup = false,
            topics = Topics.RUNS,
            properties = "spring.json.value.default.type=dev.pipeline.common.RunEvent")
    void onRunEvent(ConsumerRecord<String, RunEvent> record, Consumer<?, ?> consumer) {
        if (record.value() == null || !RunIds.isValid(record.value().runId())) {
            throw new UnreadableRecordException("run event without a valid run id");
        }
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        try {
            ledger.event(record.value(), partition, record.offset());
            if (!(record.value() instanceof RunEvent.Reported)) {
                // The run's owner reads its events: a report its writer did not live to announce is announced now.
                announcer.reannounceIfUnannounced(record.value().runId(), partition);
            }
        } catch (RunStore.StoreException | UncheckedIOException e) {
            // As for products (the report store asked whether the run is done with included): paused, retried,
            // never dead-lettered.
            completion.storeFailed(e);
            throw e;
        }
        completion.reportCompleteRuns();
        if (committer.isDue()) {
            abandonment.check();
            committer.commit(consumer, consumer.assignment());
        }
    }
}
