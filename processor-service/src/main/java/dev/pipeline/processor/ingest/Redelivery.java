package dev.pipeline.processor.ingest;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ListenerUtils;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * A record of a batch that failed (a store failure): it and every record after it are read again
 * by the next poll, after a backoff that grows while the same record keeps failing, forever: a
 * good record is never dead-lettered, since that would lose it from its report.
 *
 * <p>Why not Spring's batch retry ({@code BatchListenerFailedException} with the DefaultErrorHandler):
 * it commits the records before the failed one ({@code FailedBatchProcessor.seekOrRecover} calls
 * {@code commitSync}), and only {@link OffsetCommitter} may commit, never past a run not reported
 * yet (the run store is wiped at startup: a commit past its records would lose them in a crash).
 * A plain exception would have Spring replay the whole batch in memory, dead-lettering its
 * unreadable records again. Seeking back commits nothing: the consumer's position is all it moves.
 */
final class Redelivery {

    private static final Logger log = LoggerFactory.getLogger(Redelivery.class);

    /** The same schedule the record listeners' error handler retries with (KafkaConfiguration). */
    static BackOff backOff() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2);
        backOff.setMaxInterval(10_000);
        return backOff;
    }

    private record Failing(TopicPartition partition, long offset, BackOffExecution backOff) {}

    private final BackOff backOff = backOff();

    /** Per consumer thread, as the DefaultErrorHandler keeps its failures. */
    private final ThreadLocal<Failing> failing = new ThreadLocal<>();

    /**
     * Seeks every partition of {@code records} from {@code failed} on back to its first record there,
     * then waits the backoff out, or until {@code running} says the container is stopping.
     */
    void from(
            List<? extends ConsumerRecord<?, ?>> records,
            int failed,
            Consumer<?, ?> consumer,
            BooleanSupplier running,
            RuntimeException cause) {
        Set<TopicPartition> sought = new HashSet<>();
        for (int i = failed; i < records.size(); i++) {
            ConsumerRecord<?, ?> record = records.get(i);
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            // A partition's records are in offset order: its first one from here on is where to go back to.
            if (sought.add(partition)) {
                consumer.seek(partition, record.offset());
            }
        }
        ConsumerRecord<?, ?> record = records.get(failed);
        long interval = nextInterval(new TopicPartition(record.topic(), record.partition()), record.offset());
        log.warn(
                "{}-{}@{} failed, read again in {} ms: {}",
                record.topic(),
                record.partition(),
                record.offset(),
                interval,
                cause.toString());
        try {
            ListenerUtils.conditionalSleep(running::getAsBoolean, interval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A batch went through: the next failure starts the schedule again. */
    void succeeded() {
        if (failing.get() != null) {
            failing.remove();
        }
    }

    private long nextInterval(TopicPartition partition, long offset) {
        Failing last = failing.get();
        if (last == null || last.offset() != offset || !last.partition().equals(partition)) {
            last = new Failing(partition, offset, backOff.start());
            failing.set(last);
        }
        long interval = last.backOff().nextBackOff();
        return interval == BackOffExecution.STOP ? 10_000 : interval;
    }
}
