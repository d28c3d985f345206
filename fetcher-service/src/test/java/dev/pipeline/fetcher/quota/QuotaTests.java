package dev.pipeline.fetcher.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class QuotaTests {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    private static Quota quota(long remaining, long resetSeconds, long observedSecondsAgo) {
        return new Quota(10, remaining, NOW.plusSeconds(resetSeconds), NOW.minusSeconds(observedSecondsAgo));
    }

    @Test
    void withinOneWindowFewerLeftWinsEvenWhenItArrivesFirst() {
        Quota fewer = quota(3, 30, 2);
        Quota more = quota(5, 30, 1); // an answer overtaken by later ones, or a peer's clock running fast

        assertThat(Quota.freshest(fewer, more, NOW)).isSameAs(fewer);
        assertThat(Quota.freshest(more, fewer, NOW)).isSameAs(fewer);
    }

    @Test
    void resetsUpToASecondApartAreOneWindow() {
        Quota rounded = new Quota(10, 4, NOW.plusMillis(30_900), NOW);
        assertThat(Quota.freshest(quota(3, 30, 0), rounded, NOW).remaining()).isEqualTo(3);
    }

    @Test
    void aLaterWindowWinsOverAnEarlierOne() {
        Quota next = quota(9, 90, 0);
        assertThat(Quota.freshest(quota(0, 30, 1), next, NOW)).isSameAs(next);
        assertThat(Quota.freshest(next, quota(0, 30, 1), NOW)).isSameAs(next);
    }

    @Test
    void aStaleObservationNeverWins() {
        Quota stale = quota(0, 0, 5);
        Quota current = quota(8, 10, 0);

        assertThat(Quota.freshest(stale, current, NOW)).isSameAs(current);
        assertThat(Quota.freshest(current, stale, NOW)).isSameAs(current);
        assertThat(Quota.freshest(stale, null, NOW)).isNull();
    }
}
