package dev.pipeline.fetcher.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SourceGuardsTests {

    private static SourceGuards guards(int limitForPeriod, Duration period) {
        return SourceGuards.of(
                "slow",
                RetryRegistry.ofDefaults(),
                CircuitBreakerRegistry.ofDefaults(),
                RateLimiterRegistry.of(RateLimiterConfig.custom()
                        .limitForPeriod(limitForPeriod)
                        .limitRefreshPeriod(period)
                        .build()),
                BulkheadRegistry.ofDefaults());
    }

    @Test
    void callsAllowedWithinATimeFollowTheRateLimit() {
        assertThat(guards(5, Duration.ofSeconds(1)).callsAllowedWithin(Duration.ofSeconds(27)))
                .isEqualTo(140);
        assertThat(guards(50, Duration.ofMillis(500)).callsAllowedWithin(Duration.ofSeconds(2)))
                .isEqualTo(250);
    }

    @Test
    void callsAllowedWithinFollowThisInstancesShareOfTheLimit() {
        SourceGuards guards = guards(10, Duration.ofSeconds(1));
        guards.shareRateLimit(1, 2);
        assertThat(guards.callsAllowedWithin(Duration.ofSeconds(10))).isEqualTo(55);
    }

    @Test
    void aPeriodLongerThanTheTimeAllowsOnlyThePeriodUnderWay() {
        assertThat(guards(100, Duration.ofHours(1)).callsAllowedWithin(Duration.ofSeconds(27)))
                .isEqualTo(100);
    }
}
