package dev.pipeline.fetcher.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.Topics;
import dev.pipeline.fetcher.RunRecords;
import dev.pipeline.upstream.OAuthSettings;
import dev.pipeline.upstream.QuotaSettings;
import dev.pipeline.upstream.QuotaStyle;
import dev.pipeline.upstream.Settings;
import dev.pipeline.upstream.StandInUpstream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Whole runs, on a real broker, against the stand-in's {@code /quota/products}: 20 pages behind a
 * quota of 10 requests per 2 s for all callers. Paced by the quota the API announces, a run needs
 * no 429 at all; the same run with the source's headers ignored ({@code
 * pipeline.quota.ignore-headers}) runs into the quota. Observations travel through
 * {@code pipeline.source-quota} both ways.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 3)
class AnnouncedQuotaIntegrationTests {

    static final int PRODUCTS = 194; // the stand-in's DummyJSON catalogue: 20 pages of 10
    static final QuotaSettings QUOTA = new QuotaSettings(10, Duration.ofSeconds(2), QuotaStyle.IETF);

    private static final StandInUpstream PACED = start();
    private static final StandInUpstream IGNORED = start();

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    SourceQuotas quotas;

    @LocalServerPort
    int port;

    static StandInUpstream start() {
        return StandInUpstream.start("127.0.0.1", 0, Settings.defaults(), 0, OAuthSettings.defaults(), QUOTA);
    }

    @DynamicPropertySource
    static void sources(DynamicPropertyRegistry registry) {
        quotaSource(registry, 0, "quota-paced", PACED, "x-epoch"); // GitHub's style: the hardest to read
        quotaSource(registry, 1, "quota-ignored", IGNORED, "ietf");
        quotaSource(registry, 2, "quota-peer", PACED, "ietf"); // never run: only a peer speaks of it
        registry.add("pipeline.quota.ignore-headers[0]", () -> "quota-ignored");
    }

    /** A source of the stand-in's quota-limited products, {@code style} announcing its quota. */
    static void quotaSource(
            DynamicPropertyRegistry registry, int i, String name, StandInUpstream upstream, String style) {
        String source = "pipeline.sources[" + i + "].";
        registry.add(source + "name", () -> name);
        registry.add(source + "url", () -> upstream.baseUrl() + "/quota/products");
        registry.add(source + "query.quota-style", () -> style);
        registry.add(source + "items", () -> "/products");
        registry.add(source + "pagination.kind", () -> "offset-limit");
        registry.add(source + "pagination.offset-param", () -> "skip");
        registry.add(source + "pagination.size-param", () -> "limit");
        registry.add(source + "pagination.page-size", () -> "10");
        registry.add(source + "pagination.total", () -> "/total");
        // Fewer pages in flight than the quota, so that the first ones, sent before any answer
        // announced it, fit in it.
        registry.add("resilience4j.bulkhead.instances." + name + ".max-concurrent-calls", () -> "3");
    }

    @AfterAll
    static void stop() {
        PACED.close();
        IGNORED.close();
    }

    @Test
    void aRunPacedByTheAnnouncedQuotaNeedsNo429AndSharesWhatItSaw() throws Exception {
        PACED.quota().set(QUOTA.limit(), QUOTA.window(), QUOTA.style());

        RunRecords run = RunRecords.run(port, broker, "quota-paced");

        assertThat(run.errors()).isEmpty();
        assertThat(run.products()).hasSize(PRODUCTS);
        assertThat(PACED.quota().refused()).isZero();
        assertThat(PACED.quota().granted()).isEqualTo(20);
        // What it saw is on the topic for its peers, at most about one observation a second.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> RunRecords.readAll(broker, Topics.SOURCE_QUOTA).stream()
                        .anyMatch(r -> r.key().equals("quota-paced")));
    }

    @Test
    void theSameRunWithTheSourcesHeadersIgnoredRunsIntoTheQuota() throws Exception {
        // A window far longer than the run's first ten requests take, however loaded the machine: with
        // QUOTA's 2 s a slow run (CI, load 8) spread them over two windows and needed no 429. Its
        // refused requests wait out the rest of the window (Retry-After) and are fetched then.
        IGNORED.quota().set(QUOTA.limit(), Duration.ofSeconds(10), QUOTA.style());

        RunRecords.run(port, broker, "quota-ignored");

        assertThat(IGNORED.quota().refused()).isPositive();
        assertThat(quotas.applied("quota-ignored")).isEmpty();
        assertThat(RunRecords.readAll(broker, Topics.SOURCE_QUOTA))
                .noneMatch(r -> r.key().equals("quota-ignored"));
    }

    @Test
    void aPeersObservationOnTheTopicIsApplied() {
        Quota used = new Quota(10, 0, Instant.now().plusSeconds(30), Instant.now());
        byte[] value = PipelineJson.mapper().writeValueAsBytes(SharedQuota.of("quota-peer", "a-peer", used));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", broker.getBrokersAsString()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.SOURCE_QUOTA, "quota-peer", value));
        }

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(quotas.applied("quota-peer")).hasValue(used));
    }
}
