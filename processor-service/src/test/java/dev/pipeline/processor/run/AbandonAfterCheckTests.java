package dev.pipeline.processor.run;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** abandon-after may be at most half of how long the products topic keeps a record unread. */
class AbandonAfterCheckTests {

    private static Map<String, String> topic(String policy, String lag, String retention) {
        return Map.of(
                "cleanup.policy",
                policy,
                "min.compaction.lag.ms",
                lag,
                "retention.ms",
                retention,
                "source",
                "as the broker has it");
    }

    @Test
    void theDefaultsPassHalfADayUnderADaysLag() {
        assertThatCode(() -> AbandonAfterCheck.check(Duration.ofHours(12), topic("compact", "86400000", "604800000")))
                .doesNotThrowAnyException();
    }

    @Test
    void moreThanHalfTheCompactionLagIsRefusedNamingThePropertyTheSettingAndTheLongestAllowed() {
        assertThatThrownBy(() -> AbandonAfterCheck.check(Duration.ofHours(13), topic("compact", "86400000", "-1")))
                .isInstanceOf(AbandonAfterCheck.AbandonAfterTooLongException.class)
                .hasMessage(
                        "pipeline.processor.abandon-after (PT13H) must be at most half of how long pipeline.products "
                                + "keeps a record unread (cleanup.policy = compact, min.compaction.lag.ms = 86400000, as the "
                                + "broker has it), so at most PT12H: a run open here until abandon-after after its last "
                                + "activity must still be readable after a restart");
    }

    @Test
    void aCompactedTopicWithoutLagKeepsNothingUnread() {
        assertThatThrownBy(() -> AbandonAfterCheck.check(Duration.ofSeconds(1), topic("compact", "0", "-1")))
                .hasMessageContaining("min.compaction.lag.ms = 0");
    }

    @Test
    void aTopicThatAlsoDeletesIsBoundByItsRetentionWhenThatIsShorter() {
        assertThatThrownBy(() ->
                        AbandonAfterCheck.check(Duration.ofHours(12), topic("compact,delete", "86400000", "36000000")))
                .hasMessageContaining("retention.ms = 36000000");
        assertThatCode(() -> AbandonAfterCheck.check(Duration.ofDays(30), topic("delete", "0", "-1")))
                .doesNotThrowAnyException();
    }
}
