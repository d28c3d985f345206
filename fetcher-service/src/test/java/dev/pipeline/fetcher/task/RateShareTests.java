package dev.pipeline.fetcher.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.Topics;
import dev.pipeline.fetcher.fetch.FetchProperties;
import dev.pipeline.fetcher.fetch.PageClient;
import dev.pipeline.fetcher.source.Pagination;
import dev.pipeline.fetcher.source.SourceDefinition;
import dev.pipeline.fetcher.source.SourcesProperties;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Several instances together stay within each source's configured rate limit. */
class RateShareTests {

    /** What the rebalance listener asks its consumer: how many partitions the tasks topic has (8). */
    private static final MockConsumer<String, String> CONSUMER = new MockConsumer<>("earliest");

    static {
        CONSUMER.updatePartitions(
                Topics.FETCH_TASKS,
                IntStream.range(0, 8)
                        .mapToObj(p -> new PartitionInfo(Topics.FETCH_TASKS, p, null, null, null))
                        .toList());
    }

    private final RateLimiterRegistry rateLimiters = RateLimiterRegistry.of(RateLimiterConfig.custom()
            .limitForPeriod(50)
            .limitRefreshPeriod(Duration.ofSeconds(1))
            .build());
    private final RateShare share = new RateShare(client(rateLimiters));

    @Test
    void anInstanceTakesTheShareOfEachSourcesLimitThatItsShareOfTheTaskPartitionsIs() {
        share.onPartitionsAssigned(CONSUMER, partitions(0, 1));
        share.onPartitionsAssigned(CONSUMER, partitions(2, 3)); // its second consumer thread
        assertThat(limit()).as("4 of 8 partitions").isEqualTo(25);

        share.onPartitionsRevokedAfterCommit(CONSUMER, partitions(2, 3));
        assertThat(limit()).as("2 of 8").isEqualTo(12);

        share.onPartitionsAssigned(CONSUMER, partitions(2, 3, 4, 5, 6, 7));
        assertThat(limit()).as("all 8: the other instance is gone").isEqualTo(50);

        share.onPartitionsLost(CONSUMER, partitions(1, 2, 3, 4, 5, 6, 7));
        assertThat(limit()).as("1 of 8 rounds down, and never to 0").isEqualTo(6);
    }

    @Test
    void twoInstancesSplittingThePartitionsNeverTogetherExceedTheLimit() {
        for (int mine = 1; mine < 8; mine++) {
            RateLimiterRegistry otherLimiters = RateLimiterRegistry.of(rateLimiters.getDefaultConfig());
            RateShare other = new RateShare(client(otherLimiters));
            share.onPartitionsAssigned(
                    CONSUMER, partitions(IntStream.range(0, mine).toArray()));
            other.onPartitionsAssigned(
                    CONSUMER, partitions(IntStream.range(mine, 8).toArray()));
            int together = limit()
                    + otherLimiters.rateLimiter("shop").getRateLimiterConfig().getLimitForPeriod();
            assertThat(together).as("%d and %d of 8 partitions", mine, 8 - mine).isBetween(49, 50);
            share.onPartitionsRevokedAfterCommit(
                    CONSUMER, partitions(IntStream.range(0, mine).toArray()));
        }
    }

    private static PageClient client(RateLimiterRegistry rateLimiters) {
        return new PageClient(
                new FetchProperties(
                        4, Duration.ofSeconds(2), Duration.ofSeconds(10), 32L * 1024 * 1024, Duration.ofSeconds(30)),
                new SourcesProperties(
                        List.of(SourceDefinition.of("shop", "http://127.0.0.1:1/shop", "", Pagination.NONE))),
                RetryRegistry.ofDefaults(),
                CircuitBreakerRegistry.ofDefaults(),
                rateLimiters,
                BulkheadRegistry.ofDefaults());
    }

    private int limit() {
        return rateLimiters.rateLimiter("shop").getRateLimiterConfig().getLimitForPeriod();
    }

    private static List<TopicPartition> partitions(int... numbers) {
        return IntStream.of(numbers)
                .mapToObj(n -> new TopicPartition(Topics.FETCH_TASKS, n))
                .toList();
    }
}
