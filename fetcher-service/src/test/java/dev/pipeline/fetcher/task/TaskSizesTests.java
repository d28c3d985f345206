package dev.pipeline.fetcher.task;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskSizesTests {

    private final TaskSizes sizes = new TaskSizes(5000, 500, 32, 4);

    /** A rate limit that never binds. */
    private static final long UNLIMITED = Long.MAX_VALUE;

    @Test
    void pagesOfManyItemsAreFewToATask() {
        assertThat(sizes.pagesPerTask(9_999, 100, 16, UNLIMITED)).isEqualTo(50);
    }

    @Test
    void pagesOfFewItemsAreManyToATaskButSplitSoEveryPartitionGetsSome() {
        assertThat(sizes.pagesPerTask(999, 5, 16, UNLIMITED)).isEqualTo(32);
        assertThat(sizes.pagesPerTask(100_000, 5, 16, UNLIMITED)).isEqualTo(500);
    }

    @Test
    void noTaskHoldsMorePagesThanTheCapWhatEverItsItems() {
        assertThat(sizes.pagesPerTask(1_000_000, 1, 16, UNLIMITED)).isEqualTo(500);
        assertThat(sizes.pagesPerTask(1_000_000, 0, 16, UNLIMITED)).isEqualTo(500);
    }

    @Test
    void aTaskHoldsAtLeastOnePage() {
        assertThat(sizes.pagesPerTask(3, 1_000_000, 16, UNLIMITED)).isEqualTo(1);
        assertThat(sizes.pagesPerTask(1, 5, 1, UNLIMITED)).isEqualTo(1);
    }

    @Test
    void aSmallSourceIsNotSplitBelowItsConcurrency() {
        assertThat(sizes.pagesPerTask(9, 20, 8, UNLIMITED)).isEqualTo(8);
        assertThat(sizes.pagesPerTask(39, 25, 8, UNLIMITED)).isEqualTo(8);
        assertThat(sizes.pagesPerTask(39, 25, 1, UNLIMITED)).isEqualTo(2);
    }

    @Test
    void theDefaultsAreTheProperties() {
        TaskProperties properties = new TaskProperties("t", 3, 2000, 20, 8, 2, java.time.Duration.ZERO);
        assertThat(TaskSizes.of(properties)).isEqualTo(new TaskSizes(2000, 20, 16, 3));
    }

    @Test
    void aRateLimitedSourceGetsNoMorePagesToATaskThanItsLimitLetsThroughInTime() {
        // 5 requests a second for a quarter of 108 s: 135 requests, shared by the 4 tasks in flight.
        assertThat(sizes.pagesPerTask(5_000, 1, 8, 135)).isEqualTo(33);
        // Even below the source's concurrency, and never below one page.
        assertThat(sizes.pagesPerTask(5_000, 1, 8, 12)).isEqualTo(3);
        assertThat(sizes.pagesPerTask(5_000, 1, 8, 0)).isEqualTo(1);
    }

    @Test
    void aRateLimitThatDoesNotBindChangesNothing() {
        assertThat(sizes.pagesPerTask(9_999, 100, 16, 1_000_000)).isEqualTo(50);
    }
}
