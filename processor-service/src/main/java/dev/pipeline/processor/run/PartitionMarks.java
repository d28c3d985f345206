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
     * The partition is this instance's now, to be consumed from {@code position} (its committed
     * offset). A partition not assigned here is read directly when a run needs it.
     */
    public void assigned(TopicPartition partition, long position) {
        partitions.computeIfAbsent(partition, p -> new Marks()).position = position;
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

    /** Another consumer (or this one, later) takes over from the last commit. */
    public void forget(Collection<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
    }

    private static final class Marks {
        private final Map<String, Long> firstOffsets = new ConcurrentHashMap<>();
        private volatile long position = -1;
    }
}
