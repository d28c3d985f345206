package dev.pipeline.fetcher.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QuotaPacingTests {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    /** A configured limit far above any quota here: the quota decides. */
    private static final long GENEROUS = 1_000_000;

    private static Quota left(long remaining, long secondsToReset) {
        return new Quota(100, remaining, NOW.plusSeconds(secondsToReset), NOW.minusMillis(10));
    }

    @Test
    void spreadsWhatIsLeftEvenlyUntilTheReset() {
        // 10 left in 20 s: one request every 2 s.
        assertThat(QuotaPacing.delay(left(10, 20), NOW, 1.0, Duration.ofMillis(500), GENEROUS))
                .isEqualTo(Duration.ofMillis(1500));
        assertThat(QuotaPacing.delay(left(10, 20), NOW, 1.0, Duration.ofSeconds(2), GENEROUS))
                .isZero();
    }

    @Test
    void theFirstRequestNeverWaitsWhileSomethingIsLeft() {
        assertThat(QuotaPacing.delay(left(1, 20), NOW, 1.0, null, GENEROUS)).isZero();
    }

    @Test
    void nothingLeftWaitsUntilTheReset() {
        assertThat(QuotaPacing.delay(left(0, 7), NOW, 1.0, null, GENEROUS)).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void anInstanceSpendsOnlyItsShareOfWhatIsLeft() {
        // Half of 10 left in 20 s: one request every 4 s.
        assertThat(QuotaPacing.delay(left(10, 20), NOW, 0.5, Duration.ZERO, GENEROUS))
                .isEqualTo(Duration.ofSeconds(4));
        // A third of 2 rounds down to none: wait for the reset rather than overspend.
        assertThat(QuotaPacing.delay(left(2, 20), NOW, 1.0 / 3, null, GENEROUS)).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void aQuotaTheConfiguredLimitCannotSpendBeforeTheResetDoesNotPace() {
        // 50 left in 10 s, and the configured limit allows only 40 by then: it is the tighter bound.
        assertThat(QuotaPacing.delay(left(50, 10), NOW, 1.0, Duration.ZERO, 40)).isZero();
        assertThat(QuotaPacing.delay(left(50, 10), NOW, 1.0, Duration.ZERO, 60)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aStaleQuotaOrNoneDoesNotPace() {
        assertThat(QuotaPacing.delay(left(0, 0), NOW, 1.0, Duration.ZERO, GENEROUS))
                .isZero();
        assertThat(QuotaPacing.delay(null, NOW, 1.0, Duration.ZERO, GENEROUS)).isZero();
    }
}
