package dev.pipeline.fetcher.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QuotaPacingTests {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    /** A configured limit far above any quota here: the quota decides. */
    private static final long GENEROUS = 1_000_000;
    /** The whole quota in reserve: paced from the first response (the arithmetic below the reserve). */
    private static final QuotaProperties.Reserve ALWAYS = new QuotaProperties.Reserve(1.0, Long.MAX_VALUE);

    private static final QuotaProperties.Reserve TENTH = QuotaProperties.Reserve.DEFAULT;

    private static Quota left(long remaining, long secondsToReset) {
        return new Quota(100, remaining, NOW.plusSeconds(secondsToReset), NOW.minusMillis(10));
    }

    @Test
    void aQuotaFarFromRunningOutDoesNotPace() {
        // GitHub's 5,000 an hour, one spent: a 100-page run goes at the configured limit's pace.
        Quota github = new Quota(5000, 4999, NOW.plusSeconds(3600), NOW.minusMillis(10));
        assertThat(QuotaPacing.delay(github, NOW, 1.0, Duration.ZERO, GENEROUS, TENTH))
                .isZero();
        // Above the reserve (500) still none; at it, what is left is spread until the reset.
        Quota low = new Quota(5000, 501, NOW.plusSeconds(3600), NOW.minusMillis(10));
        assertThat(QuotaPacing.delay(low, NOW, 1.0, Duration.ZERO, GENEROUS, TENTH))
                .isZero();
        Quota atReserve = new Quota(5000, 500, NOW.plusSeconds(1000), NOW.minusMillis(10));
        assertThat(QuotaPacing.delay(atReserve, NOW, 1.0, Duration.ZERO, GENEROUS, TENTH))
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void anInstancesPartOfTheReserveIsItsShareOfIt() {
        // Half of 600 left is 300, above half of the 500 reserve: no pacing for this instance.
        Quota quota = new Quota(5000, 600, NOW.plusSeconds(1000), NOW.minusMillis(10));
        assertThat(QuotaPacing.delay(quota, NOW, 0.5, Duration.ZERO, GENEROUS, TENTH))
                .isZero();
        // Half of 400 is 200, within its part of the reserve: one request every 5 s.
        Quota lower = new Quota(5000, 400, NOW.plusSeconds(1000), NOW.minusMillis(10));
        assertThat(QuotaPacing.delay(lower, NOW, 0.5, Duration.ZERO, GENEROUS, TENTH))
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void withoutAnAnnouncedLimitTheFloorIsTheReserve() {
        Quota unannounced = new Quota(-1, 11, NOW.plusSeconds(20), NOW.minusMillis(10));
        assertThat(QuotaPacing.delay(unannounced, NOW, 1.0, Duration.ZERO, GENEROUS, TENTH))
                .isZero();
        Quota tenLeft = new Quota(-1, 10, NOW.plusSeconds(20), NOW.minusMillis(10));
        assertThat(QuotaPacing.delay(tenLeft, NOW, 1.0, Duration.ZERO, GENEROUS, TENTH))
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aSmallQuotaIsPacedFromTheStartByTheFloor() {
        // A tenth of 10 is 1, but the floor of 10 holds: 9 left in 18 s, one request every 2 s.
        Quota small = new Quota(10, 9, NOW.plusSeconds(18), NOW.minusMillis(10));
        assertThat(QuotaPacing.delay(small, NOW, 1.0, Duration.ZERO, GENEROUS, TENTH))
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void nothingLeftWaitsUntilTheResetWhateverTheReserve() {
        Quota none = new Quota(5000, 0, NOW.plusSeconds(7), NOW.minusMillis(10));
        assertThat(QuotaPacing.delay(none, NOW, 1.0, null, GENEROUS, new QuotaProperties.Reserve(0, 0)))
                .isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void spreadsWhatIsLeftEvenlyUntilTheReset() {
        // 10 left in 20 s: one request every 2 s.
        assertThat(QuotaPacing.delay(left(10, 20), NOW, 1.0, Duration.ofMillis(500), GENEROUS, ALWAYS))
                .isEqualTo(Duration.ofMillis(1500));
        assertThat(QuotaPacing.delay(left(10, 20), NOW, 1.0, Duration.ofSeconds(2), GENEROUS, ALWAYS))
                .isZero();
    }

    @Test
    void theFirstRequestNeverWaitsWhileSomethingIsLeft() {
        assertThat(QuotaPacing.delay(left(1, 20), NOW, 1.0, null, GENEROUS, ALWAYS))
                .isZero();
    }

    @Test
    void nothingLeftWaitsUntilTheReset() {
        assertThat(QuotaPacing.delay(left(0, 7), NOW, 1.0, null, GENEROUS, ALWAYS))
                .isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void anInstanceSpendsOnlyItsShareOfWhatIsLeft() {
        // Half of 10 left in 20 s: one request every 4 s.
        assertThat(QuotaPacing.delay(left(10, 20), NOW, 0.5, Duration.ZERO, GENEROUS, ALWAYS))
                .isEqualTo(Duration.ofSeconds(4));
        // A third of 2 rounds down to none: wait for the reset rather than overspend.
        assertThat(QuotaPacing.delay(left(2, 20), NOW, 1.0 / 3, null, GENEROUS, ALWAYS))
                .isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void aQuotaTheConfiguredLimitCannotSpendBeforeTheResetDoesNotPace() {
        // 50 left in 10 s, and the configured limit allows only 40 by then: it is the tighter bound.
        assertThat(QuotaPacing.delay(left(50, 10), NOW, 1.0, Duration.ZERO, 40, ALWAYS))
                .isZero();
        assertThat(QuotaPacing.delay(left(50, 10), NOW, 1.0, Duration.ZERO, 60, ALWAYS))
                .isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aStaleQuotaOrNoneDoesNotPace() {
        assertThat(QuotaPacing.delay(left(0, 0), NOW, 1.0, Duration.ZERO, GENEROUS, ALWAYS))
                .isZero();
        assertThat(QuotaPacing.delay(null, NOW, 1.0, Duration.ZERO, GENEROUS, ALWAYS))
                .isZero();
    }
}
