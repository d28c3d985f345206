package dev.pipeline.processor.ingest;

import dev.pipeline.processor.ProcessorProperties;
import dev.pipeline.processor.run.PartitionMarks;
import dev.pipeline.processor.run.RunLedger;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The only place offsets are committed (the container never commits: see KafkaConfiguration).
 * It commits each partition up to {@link PartitionMarks#safeCommitOffset}, on the consumer's own
 * thread, at most once per interval ({@link #isDue}); a commit that fails is simply tried again later.
 */
@Component
class OffsetCommitter {

    private static final Logger log = LoggerFactory.getLogger(OffsetCommitter.class);

    private final PartitionMarks marks;
    private final long intervalNanos;
    private final Map<TopicPartition, Long> committed = new ConcurrentHashMap<>();
    private final ThreadLocal<long[]> lastCommit = ThreadLocal.withInitial(() -> new long[] {System.nanoTime()});

    OffsetCommitter(RunLedger ledger, ProcessorProperties properties) {
        this.marks = ledger.marks();
        this.intervalNanos = properties.commitInterval().toNanos();
    }

    /** Whether this consumer thread's commit interval has passed; when it has, the next one begins. */
    boolean isDue() {
        long[] last = lastCommit.get();
        if (System.nanoTime() - last[0] < intervalNanos) {
            return false;
        }
        last[0] = System.nanoTime();
        return true;
    }

    /** Newly assigned partitions start from their committed offset (where the consumer is now). */
    void assigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> marks.assigned(partition, consumer.position(partition), consumer));
    }

    void commit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            marks.safeCommitOffset(partition).ifPresent(offset -> {
                if (offset > committed.getOrDefault(partition, -1L)) {
                    offsets.put(partition, new OffsetAndMetadata(offset));
                }
            });
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
            offsets.forEach((partition, offset) -> committed.put(partition, offset.offset()));
        } catch (KafkaException e) {
            log.warn("commit of {} deferred: {}", offsets, e.toString());
        }
    }

    /** {@code consumer} no longer has the partitions (revoked, or lost). */
    void forget(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(committed::remove);
        marks.forget(partitions, consumer);
    }
}
