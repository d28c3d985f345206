package dev.pipeline.fetcher.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipeline.fetcher.source.Pagination;
import dev.pipeline.fetcher.source.SourceDefinition;
import dev.pipeline.fetcher.source.SourcesProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

class SourceQuotasTests {

    private static final ToLongFunction<Duration> GENEROUS = time -> 1_000_000;
    private static final SourcesProperties SOURCES = new SourcesProperties(List.of(
            SourceDefinition.of("paced", "https://api.example.com/items", "", Pagination.NONE),
            SourceDefinition.of("unpaced", "https://other.example.com/items", "", Pagination.NONE)));

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SourceQuotas quotas = new SourceQuotas(
            SOURCES,
            new QuotaProperties(List.of("unpaced"), true, Duration.ofSeconds(1), QuotaProperties.Reserve.DEFAULT),
            meters);

    private static HttpHeaders headers(String... namesAndValues) {
        Map<String, List<String>> map = new java.util.HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], List.of(namesAndValues[i + 1]));
        }
        return HttpHeaders.of(map, (name, value) -> true);
    }

    @Test
    void aResponsesQuotaIsAppliedAndShownAsAMeter() {
        quotas.observe("paced", headers("RateLimit-Remaining", "7", "RateLimit-Reset", "30"));

        assertThat(quotas.applied("paced")).get().extracting(Quota::remaining).isEqualTo(7L);
        assertThat(meters.get("pipeline.source.quota.remaining")
                        .tag("source", "paced")
                        .gauge()
                        .value())
                .isEqualTo(7.0);
        assertThat(meters.get("pipeline.source.quota.remaining")
                        .tag("source", "unpaced")
                        .gauge()
                        .value())
                .isNaN();
    }

    @Test
    void requestsWaitTheirTurnWhenLittleIsLeftAndTheWaitsAreMetered() throws Exception {
        // 2 left in a second: the first goes at once, the second about half a second after it.
        quotas.observe("paced", headers("RateLimit-Remaining", "2", "RateLimit-Reset", "1"));
        quotas.observe("paced", headers("Content-Type", "application/json")); // no quota: nothing changes

        assertThat(quotas.pace("paced", Duration.ofSeconds(5), GENEROUS)).isEmpty();
        long before = System.nanoTime();
        assertThat(quotas.pace("paced", Duration.ofSeconds(5), GENEROUS)).isEmpty();

        assertThat(System.nanoTime() - before)
                .isGreaterThan(Duration.ofMillis(100).toNanos());
        assertThat(meters.get("pipeline.source.quota.waits")
                        .tag("source", "paced")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aPeersObservationThatNothingIsLeftHoldsRequestsUntilTheResetOrGivesUpPastTheTasksTime() throws Exception {
        Instant reset = Instant.now().plusSeconds(30);
        quotas.observePeer("paced", new Quota(10, 0, reset, Instant.now()));

        assertThat(quotas.pace("paced", Duration.ofMillis(200), GENEROUS))
                .get()
                .satisfies(until -> assertThat(until).isBetween(reset.minusSeconds(1), reset.plusSeconds(1)));
        assertThat(meters.get("pipeline.source.quota.peer.observations")
                        .tag("source", "paced")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void anInstanceSharingTheSourceSpendsOnlyItsPart() throws Exception {
        quotas.share(1, 3);
        quotas.observe("paced", headers("RateLimit-Remaining", "2", "RateLimit-Reset", "30"));

        // A third of 2 is none: this instance leaves what is left to the others until the reset.
        assertThat(quotas.pace("paced", Duration.ofMillis(100), GENEROUS)).isPresent();
    }

    @Test
    void aSourceWhoseHeadersAreIgnoredIsNeverPaced() throws Exception {
        quotas.observe("unpaced", headers("RateLimit-Remaining", "0", "RateLimit-Reset", "30"));
        quotas.observePeer("unpaced", new Quota(10, 0, Instant.now().plusSeconds(30), Instant.now()));

        assertThat(quotas.applied("unpaced")).isEmpty();
        assertThat(quotas.pace("unpaced", Duration.ZERO, GENEROUS)).isEmpty();
    }

    @Test
    void malformedHeadersAreCountedAndChangeNothing() {
        quotas.observe("paced", headers("RateLimit-Remaining", "5", "RateLimit-Reset", "30"));
        quotas.observe("paced", headers("RateLimit-Remaining", "lots", "RateLimit-Reset", "30"));

        assertThat(quotas.applied("paced")).get().extracting(Quota::remaining).isEqualTo(5L);
        assertThat(meters.get("pipeline.source.quota.malformed")
                        .tag("source", "paced")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void ignoringAnUnknownSourceIsAConfigErrorNamingTheField() {
        assertThatThrownBy(() -> new SourceQuotas(
                        SOURCES,
                        new QuotaProperties(
                                List.of("paced", "typo"), true, Duration.ofSeconds(1), QuotaProperties.Reserve.DEFAULT),
                        new SimpleMeterRegistry()))
                .hasMessage("pipeline.quota.ignore-headers[1]: 'typo', which is not configured;"
                        + " configured sources are [paced, unpaced]");
    }
}
