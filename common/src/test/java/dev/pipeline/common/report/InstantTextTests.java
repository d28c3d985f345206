package dev.pipeline.common.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InstantTextTests {

    @Test
    void printsWhatInstantToStringPrints() {
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < 1_000_000; i++) {
            long seconds = random.nextLong(-62_167_219_200L - 86_400L * 800, 253_402_300_799L + 86_400L * 800);
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nano);
            assertThat(InstantText.of(instant)).isEqualTo(instant.toString());
        }
    }

    @Test
    void printsTheEdgesAndNowAsInstantToStringDoes() {
        for (Instant instant : new Instant[] {
            Instant.EPOCH,
            Instant.ofEpochSecond(-1),
            Instant.ofEpochSecond(-1, 999_999_999),
            Instant.parse("0000-01-01T00:00:00Z"),
            Instant.parse("0000-01-01T00:00:00Z").minusNanos(1),
            Instant.parse("9999-12-31T23:59:59.999999999Z"),
            Instant.parse("9999-12-31T23:59:59.999999999Z").plusNanos(1),
            Instant.parse("2000-02-29T12:00:00Z"),
            Instant.parse("1900-02-28T23:59:59.100Z"),
            Instant.parse("2026-11-28T10:00:00.000100Z"),
            Instant.MIN,
            Instant.MAX,
            Instant.now()
        }) {
            assertThat(InstantText.of(instant)).isEqualTo(instant.toString());
        }
        assertThat(InstantText.of(null)).isEqualTo("null");
    }
}
