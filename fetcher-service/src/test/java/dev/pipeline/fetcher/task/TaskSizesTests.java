package dev.pipeline.fetcher.task;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskSizesTests {

    private final TaskSizes sizes = new TaskSizes(5000, 500, 32);

    @Test
    void pagesOfManyItemsAreFewToATask() {
        assertThat(sizes.pagesPerTask(9_999, 100, 16)).isEqualTo(50);
    }

    @Test
    void pagesOfFewItemsAreManyToATaskButSplitSoEveryPartitionGetsSome() {
        assertThat(sizes.pagesPerTask(999, 5, 16)).isEqualTo(32);
        assertThat(sizes.pagesPerTask(100_000, 5, 16)).isEqualTo(500);
    }

    @Test
    void noTaskHoldsMorePagesThanTheCapWhatEverItsItems() {
        assertThat(sizes.pagesPerTask(1_000_000, 1, 16)).isEqualTo(500);
        assertThat(sizes.pagesPerTask(1_000_000, 0, 16)).isEqualTo(500);
    }

    @Test
    void aTaskHoldsAtLeastOnePage() {
        assertThat(sizes.pagesPerTask(3, 1_000_000, 16)).isEqualTo(1);
        assertThat(sizes.pagesPerTask(1, 5, 1)).isEqualTo(1);
    }

    @Test
    void aSmallSourceIsNotSplitBelowItsConcurrency() {
        assertThat(sizes.pagesPerTask(9, 20, 8)).isEqualTo(8);
        assertThat(sizes.pagesPerTask(39, 25, 8)).isEqualTo(8);
        assertThat(sizes.pagesPerTask(39, 25, 1)).isEqualTo(2);
    }

    @Test
    void theDefaultsAreTheProperties() {
        TaskProperties properties = new TaskProperties("t", 4, 2000, 20, 8, 2, java.time.Duration.ZERO);
        assertThat(TaskSizes.of(properties)).isEqualTo(new TaskSizes(2000, 20, 32));
    }
}
