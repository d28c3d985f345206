package dev.pipeline.processor.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.Topics;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Where commits may go when a partition moves between the consumers of one instance. After the
 * broker has been away, the group may give a partition to a sibling consumer before the consumer
 * that had it learns (at its next poll) that it lost it: its late "lost" must not drop the
 * sibling's marks, or the next commit passes records of a run not reported yet.
 */
class PartitionMarksTests {

    private static final TopicPartition PRODUCTS = new TopicPartition(Topics.PRODUCTS, 0);
    private static final String RUN = "run-open";

    private final Object first = new Object();
    private final Object sibling = new Object();
    private final PartitionMarks marks = new PartitionMarks();

    @Test
    void aConsumerThatLearnsLateItLostAPartitionLeavesTheSiblingThatHasItNowItsMarks() {
        marks.assigned(PRODUCTS, 0, first);
        marks.consumed(PRODUCTS, 5, RUN); // the run's first record on the partition, not reported yet
        marks.consumed(PRODUCTS, 6, RUN);

        marks.assigned(PRODUCTS, 5, sibling); // the new generation: the sibling consumes from the last commit
        marks.forget(List.of(PRODUCTS), first); // the first consumer's late onPartitionsLost
        marks.consumed(PRODUCTS, 9, RUN);

        assertThat(marks.isAssigned(PRODUCTS)).isTrue();
        assertThat(marks.safeCommitOffset(PRODUCTS)).hasValue(5);
    }

    @Test
    void theConsumerThatHasAPartitionForgetsItWhenItIsRevoked() {
        marks.assigned(PRODUCTS, 0, first);
        marks.consumed(PRODUCTS, 5, RUN);

        marks.forget(List.of(PRODUCTS), first);

        assertThat(marks.isAssigned(PRODUCTS)).isFalse();
        assertThat(marks.safeCommitOffset(PRODUCTS)).isEmpty();
    }

    @Test
    void aPartitionMovedToAnotherInstanceIsForgotten() {
        marks.assigned(PRODUCTS, 0, first);
        marks.consumed(PRODUCTS, 5, RUN);

        marks.forget(List.of(PRODUCTS), first);
        marks.assigned(PRODUCTS, 7, sibling); // back here later, from what was committed meanwhile

        assertThat(marks.safeCommitOffset(PRODUCTS)).hasValue(7);
    }
}
