package dev.pipeline.processor.run;

import java.util.Collection;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Per partition: how far it has been consumed, and where each open run's first record on it
 * is. The offset safe to commit is the first record of the oldest open run, or the position
 * when no run is open there: a restart then replays every record of every unreported run, and
 * nothing of a reported one needs to be read again.
 */
public final class PartitionMarks {

    private final Map<TopicPartition, Marks> partitions = new ConcurrentHashMap<>();

    void consumed(TopicPartition partition, long offset, String openRunId) {
        Marks marks = partitions.computeIfAbsent(partition, p -> new Marks());
        if (openRunId != null) {
            marks.firstOffsets.putIfAbsent(openRunId, offset);
        }
        marks.position = offset + 1;
    }

    /**
     * The partition is this instance's now, to be consumed by {@code consumer} from {@code position}
     * (its committed offset). A partition not assigned here is read directly when a run needs it.
     * The first offsets of runs already marked stay: the records before them were read here, and a
     * commit must not pass them while their runs are open.
     */
    public void assigned(TopicPartition partition, long position, Object consumer) {
        Marks marks = partitions.computeIfAbsent(partition, p -> new Marks());
        marks.position = position;
        marks.consumer = consumer;
    }

    public boolean isAssigned(TopicPartition partition) {
        return partitions.containsKey(partition);
    }

    /** The next offset to consume, or -1 when the partition is not this instance's. */
    public long position(TopicPartition partition) {
        Marks marks = partitions.get(partition);
        return marks == null ? -1 : marks.position;
    }

    /** The offset up to which committing is safe, if anything of the partition was consumed. */
    public OptionalLong safeCommitOffset(TopicPartition partition) {
        Marks marks = partitions.get(partition);
        if (marks == null || marks.position < 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(marks.firstOffsets.values().stream()
                .mapToLong(Long::longValue)
                .min()
                .orElse(marks.position));
    }

    void runReported(String runId) {
        partitions.values().forEach(marks -> marks.firstOffsets.remove(runId));
    }

    /**
     * {@code consumer} no longer has the partitions: another consumer (or this one, later) takes over
     * from the last commit. A partition another consumer of this instance has been assigned since is
     * kept: a consumer learns it lost its partitions (its session expired, as when the broker was away)
     * only at its next poll, after the group may already have given them to a sibling; forgetting them
     * then would drop the sibling's marks, and the first offsets of open runs with them, so its next
     * commit would pass records of runs not reported yet (a later owner would never read them).
     */
    public void forget(Collection<TopicPartition> revoked, Object consumer) {
        revoked.forEach(partition -> partitions.computeIfPresent(
                partition, (p, marks) -> marks.consumer == null || marks.consumer == consumer ? null : marks));
    }

    private static final class Marks {
        private final Map<String, Long> firstOffsets = new ConcurrentHashMap<>();
        private volatile long position = -1;
        /** The consumer the partition was last assigned to here; {@code null} before an assignment was seen. */
        private volatile Object consumer;
    }
}
