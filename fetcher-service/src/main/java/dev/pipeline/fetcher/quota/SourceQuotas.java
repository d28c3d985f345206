package dev.pipeline.fetcher.quota;

import dev.pipeline.fetcher.source.SourceDefinition;
import dev.pipeline.fetcher.source.SourcesProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Every source's announced quota, and the pacing it asks for: read from each response's headers
 * ({@link QuotaHeaders}), merged with what peers observed ({@link QuotaSharing}), and applied
 * before each request as a wait ({@link QuotaPacing}). Announced quotas only ever slow a source:
 * the configured rate limit stays the upper bound.
 *
 * <p>Meters, tagged by source: {@code pipeline.source.quota.remaining} (what the API says is left,
 * as applied; NaN when nothing current is known), {@code pipeline.source.quota.waits} (the pacing
 * waits), {@code pipeline.source.quota.malformed} (quota headers that could not be read) and
 * {@code pipeline.source.quota.peer.observations} (peers' observations received).
 */
@Component
public class SourceQuotas {

    private static final Logger log = LoggerFactory.getLogger(SourceQuotas.class);
    /** How often a pacing wait looks again: a newer observation may shorten or lengthen it. */
    private static final Duration RECHECK = Duration.ofMillis(50);

    private final Clock clock;
    private final Map<String, SourceQuota> quotas;
    private final Set<String> ignored;
    private final Map<String, Timer> waits;
    private final Map<String, Counter> malformed;
    private final Map<String, Counter> peerObservations;
    private volatile double share = 1.0;

    @Autowired
    public SourceQuotas(SourcesProperties sources, QuotaProperties properties, MeterRegistry meters) {
        this(sources, properties, meters, Clock.systemUTC());
    }

    SourceQuotas(SourcesProperties sources, QuotaProperties properties, MeterRegistry meters, Clock clock) {
        this.clock = clock;
        Set<String> names =
                sources.sources().stream().map(SourceDefinition::name).collect(Collectors.toUnmodifiableSet());
        for (int i = 0; i < properties.ignoreHeaders().size(); i++) {
            if (!names.contains(properties.ignoreHeaders().get(i))) {
                throw new InvalidQuotaConfigException(
                        "pipeline.quota.ignore-headers[" + i + "]",
                        "'" + properties.ignoreHeaders().get(i) + "', which is not configured; configured sources are "
                                + sources.sources().stream()
                                        .map(SourceDefinition::name)
                                        .toList());
            }
        }
        double fraction = properties.reserve().fraction();
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new InvalidQuotaConfigException(
                    "pipeline.quota.reserve.fraction", fraction + ", which is not between 0 and 1");
        }
        if (properties.reserve().floor() < 0) {
            throw new InvalidQuotaConfigException(
                    "pipeline.quota.reserve.floor", properties.reserve().floor() + ", which is below 0");
        }
        this.ignored = Set.copyOf(properties.ignoreHeaders());
        this.quotas = names.stream()
                .collect(Collectors.toUnmodifiableMap(n -> n, n -> new SourceQuota(clock, properties.reserve())));
        this.waits = names.stream()
                .collect(Collectors.toUnmodifiableMap(
                        n -> n,
                        n -> Timer.builder("pipeline.source.quota.waits")
                                .description("waits before a request, pacing a source by the quota its API announced")
                                .tag("source", n)
                                .register(meters)));
        this.malformed = counters(names, meters, "pipeline.source.quota.malformed", "quota headers unreadable");
        this.peerObservations = counters(
                names,
                meters,
                "pipeline.source.quota.peer.observations",
                "other fetcher instances' quota observations received");
        names.forEach(n -> Gauge.builder("pipeline.source.quota.remaining", quotas.get(n), q -> {
                    Quota applied = q.applied();
                    return applied == null ? Double.NaN : applied.remaining();
                })
                .description("requests the source's API says are left in its window")
                .tag("source", n)
                .register(meters));
    }

    /** For code that makes its own: every source's headers read, nothing shared, meters kept to itself. */
    public static SourceQuotas of(SourcesProperties sources) {
        return new SourceQuotas(sources, QuotaProperties.defaults(), new SimpleMeterRegistry());
    }

    private static Map<String, Counter> counters(
            Set<String> names, MeterRegistry meters, String name, String description) {
        return names.stream()
                .collect(Collectors.toUnmodifiableMap(
                        n -> n,
                        n -> Counter.builder(name)
                                .description(description)
                                .tag("source", n)
                                .register(meters)));
    }

    /** This instance takes {@code share} of {@code of} parts of every source's requests. */
    public void share(int share, int of) {
        this.share = Math.min(1.0, (double) share / Math.max(1, of));
    }

    /** Reads a response's quota headers, unless the source ignores them; unreadable ones are counted, never thrown. */
    public void observe(String source, HttpHeaders headers) {
        SourceQuota quota = quotas.get(source);
        if (quota == null || ignored.contains(source)) {
            return;
        }
        try {
            QuotaHeaders.read(headers, clock.instant()).ifPresent(q -> quota.observe(q, true));
        } catch (QuotaHeaders.Malformed e) {
            malformed.get(source).increment();
            log.debug("source {}: {}; its quota headers are ignored for this response", source, e.getMessage());
        }
    }

    /** A peer's observation of {@code source}'s quota. */
    void observePeer(String source, Quota quota) {
        SourceQuota known = quotas.get(source);
        if (known != null && !ignored.contains(source)) {
            peerObservations.get(source).increment();
            known.observe(quota, false);
        }
    }

    /**
     * Waits until the source's quota lets the next request go, for {@code maxWait} at most.
     *
     * @param configuredAllows requests the source's configured rate limit lets through in a time
     * @return empty when the request may go now; otherwise when the quota lets it go, past
     *     {@code maxWait} (nothing was waited for then)
     */
    public Optional<Instant> pace(String source, Duration maxWait, ToLongFunction<Duration> configuredAllows)
            throws InterruptedException {
        SourceQuota quota = quotas.get(source);
        if (quota == null || ignored.contains(source)) {
            return Optional.empty();
        }
        long start = System.nanoTime();
        long giveUp = start + maxWait.toNanos();
        boolean slept = false;
        try {
            while (true) {
                Duration delay = quota.reserve(share, configuredAllows);
                if (delay.isZero()) {
                    return Optional.empty();
                }
                if (System.nanoTime() + delay.toNanos() - giveUp > 0) {
                    return Optional.of(clock.instant().plus(delay));
                }
                slept = true;
                Thread.sleep(delay.compareTo(RECHECK) < 0 ? delay : RECHECK);
            }
        } finally {
            if (slept) {
                waits.get(source).record(Duration.ofNanos(System.nanoTime() - start));
            }
        }
    }

    /** The quota pacing goes by now for {@code source}; empty when none is current. */
    public Optional<Quota> applied(String source) {
        SourceQuota quota = quotas.get(source);
        return quota == null ? Optional.empty() : Optional.ofNullable(quota.applied());
    }

    /** This instance's latest own observation of each source, stale or not: what it shares. */
    Map<String, Quota> ownLatest() {
        return quotas.entrySet().stream()
                .filter(e -> e.getValue().ownLatest() != null)
                .collect(Collectors.toUnmodifiableMap(
                        Map.Entry::getKey, e -> e.getValue().ownLatest()));
    }

    boolean reads(String source) {
        return quotas.containsKey(source) && !ignored.contains(source);
    }
}
