package dev.pipeline.fetcher.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuotaHeadersTests {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    private static Optional<Quota> read(String... namesAndValues) {
        Map<String, List<String>> map = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], List.of(namesAndValues[i + 1]));
        }
        return QuotaHeaders.read(HttpHeaders.of(map, (name, value) -> true), NOW);
    }

    @Nested
    class TheIetfSeparateFields {

        @Test
        void giveTheLimitWhatIsLeftAndTheResetInSecondsFromNow() {
            assertThat(read("RateLimit-Limit", "100", "RateLimit-Remaining", "42", "RateLimit-Reset", "30"))
                    .hasValue(new Quota(100, 42, NOW.plusSeconds(30), NOW));
        }

        @Test
        void areReadWhateverTheirCase() {
            assertThat(read("ratelimit-remaining", "7", "RATELIMIT-RESET", "5"))
                    .hasValue(new Quota(-1, 7, NOW.plusSeconds(5), NOW));
        }

        @Test
        void takeTheLimitBeforeAnyPolicyTheDraftListsAfterIt() {
            assertThat(read("RateLimit-Limit", "100, 100;w=60", "RateLimit-Remaining", "1", "RateLimit-Reset", "9"))
                    .get()
                    .extracting(Quota::limit)
                    .isEqualTo(100L);
        }

        @Test
        void sayNothingWithoutAReset() {
            assertThat(read("RateLimit-Limit", "100", "RateLimit-Remaining", "42"))
                    .isEmpty();
        }

        @Test
        void neverTakeAnEpochSecondForTheReset() {
            // The draft says delta seconds: a huge one is a long window, not a date.
            assertThat(read("RateLimit-Remaining", "1", "RateLimit-Reset", "1764331200"))
                    .get()
                    .extracting(Quota::resetAt)
                    .isEqualTo(NOW.plusSeconds(1764331200L));
        }
    }

    @Nested
    class TheCombinedField {

        @Test
        void takesWhatIsLeftAndTheResetFromItsItemAndTheLimitFromItsPolicy() {
            assertThat(read("RateLimit", "\"default\";r=50;t=30", "RateLimit-Policy", "\"default\";q=100;w=60"))
                    .hasValue(new Quota(100, 50, NOW.plusSeconds(30), NOW));
        }

        @Test
        void takesThePolicyWithFewestLeftWhenThereAreSeveral() {
            assertThat(read(
                            "RateLimit",
                            "\"hour\";r=900;t=3000, \"second\";r=2;t=1",
                            "RateLimit-Policy",
                            "\"hour\";q=1000;w=3600, \"second\";q=10;w=1"))
                    .hasValue(new Quota(10, 2, NOW.plusSeconds(1), NOW));
        }

        @Test
        void isReadWithoutAPolicy() {
            assertThat(read("RateLimit", "\"default\";r=0;t=12")).hasValue(new Quota(-1, 0, NOW.plusSeconds(12), NOW));
        }

        @Test
        void isReadInTheDraftsEarlierDictionaryForm() {
            assertThat(read("RateLimit", "limit=10, remaining=3, reset=4"))
                    .hasValue(new Quota(10, 3, NOW.plusSeconds(4), NOW));
        }

        @Test
        void winsOverTheSeparateFields() {
            assertThat(read("RateLimit", "\"d\";r=1;t=2", "RateLimit-Remaining", "99", "RateLimit-Reset", "99"))
                    .get()
                    .extracting(Quota::remaining)
                    .isEqualTo(1L);
        }
    }

    @Nested
    class TheXFields {

        @Test
        void takeASmallResetAsSecondsFromNow() {
            assertThat(read("X-RateLimit-Limit", "60", "X-RateLimit-Remaining", "59", "X-RateLimit-Reset", "60"))
                    .hasValue(new Quota(60, 59, NOW.plusSeconds(60), NOW));
        }

        @Test
        void takeAResetPastTheEpochThresholdAsAnEpochSecondAsGitHubSendsIt() {
            long epoch = NOW.plusSeconds(1800).getEpochSecond();
            assertThat(read(
                            "X-RateLimit-Limit",
                            "5000",
                            "X-RateLimit-Remaining",
                            "4999",
                            "X-RateLimit-Reset",
                            "" + epoch))
                    .hasValue(new Quota(5000, 4999, NOW.plusSeconds(1800), NOW));
        }

        @Test
        void takeAnEvenLargerResetAsEpochMilliseconds() {
            long millis = NOW.plusMillis(2500).toEpochMilli();
            assertThat(read("X-RateLimit-Remaining", "3", "X-RateLimit-Reset", "" + millis))
                    .get()
                    .extracting(Quota::resetAt)
                    .isEqualTo(NOW.plusMillis(2500));
        }

        @Test
        void theThresholdIsSeptember2001() {
            assertThat(read("X-RateLimit-Remaining", "3", "X-RateLimit-Reset", "999999999"))
                    .get()
                    .extracting(Quota::resetAt)
                    .isEqualTo(NOW.plusSeconds(999_999_999L));
            assertThat(read("X-RateLimit-Remaining", "3", "X-RateLimit-Reset", "1000000000"))
                    .get()
                    .extracting(Quota::resetAt)
                    .isEqualTo(Instant.ofEpochSecond(1_000_000_000L));
        }

        @Test
        void anEpochResetInThePastIsAStaleQuota() {
            assertThat(read(
                            "X-RateLimit-Remaining",
                            "0",
                            "X-RateLimit-Reset",
                            "" + NOW.minusSeconds(5).getEpochSecond()))
                    .get()
                    .matches(quota -> quota.isStaleAt(NOW));
        }
    }

    @Test
    void noQuotaHeadersSayNothing() {
        assertThat(read("Content-Type", "application/json")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"many", "-1", "1.5", "", "12abc", "99999999999999999999"})
    void anUnreadableNumberIsMalformedAndNamesTheHeader(String value) {
        assertThatThrownBy(() -> read("X-RateLimit-Remaining", value, "X-RateLimit-Reset", "10"))
                .isInstanceOf(QuotaHeaders.Malformed.class)
                .hasMessageStartingWith("X-RateLimit-Remaining is unreadable");
        assertThatThrownBy(() -> read("RateLimit-Remaining", "1", "RateLimit-Reset", value))
                .isInstanceOf(QuotaHeaders.Malformed.class)
                .hasMessageStartingWith("RateLimit-Reset is unreadable");
    }

    @Test
    void aCombinedFieldWithoutWhatIsLeftIsMalformed() {
        assertThatThrownBy(() -> read("RateLimit", "\"default\";t=30")).isInstanceOf(QuotaHeaders.Malformed.class);
        assertThatThrownBy(() -> read("RateLimit", "remaining")).isInstanceOf(QuotaHeaders.Malformed.class);
        assertThatThrownBy(() -> read("RateLimit", "limit=1, remaining=x, reset=1"))
                .isInstanceOf(QuotaHeaders.Malformed.class);
    }
}
