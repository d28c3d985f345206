package dev.pipeline.fetcher.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.common.Topics;
import dev.pipeline.fetcher.FetcherApplication;
import dev.pipeline.fetcher.RunRecords;
import dev.pipeline.upstream.OAuthSettings;
import dev.pipeline.upstream.QuotaSettings;
import dev.pipeline.upstream.QuotaStyle;
import dev.pipeline.upstream.Settings;
import dev.pipeline.upstream.StandInUpstream;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two fetcher instances (two Spring contexts in this JVM, one consumer group, one broker) share a
 * run of a source behind one quota of 10 requests per 2 s, which the API counts for both: each
 * spends only its share of what is left, they tell each other what they saw through
 * {@code pipeline.source-quota}, and together they need no 429.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 4)
class SharedQuotaIntegrationTests {

    private static final String SOURCE = "shared-quota";
    private static final StandInUpstream UPSTREAM = StandInUpstream.start(
            "127.0.0.1",
            0,
            Settings.defaults(),
            0,
            OAuthSettings.defaults(),
            new QuotaSettings(10, Duration.ofSeconds(2), QuotaStyle.COMBINED));

    /** Both instances' settings but the ones that must differ. */
    private static final Map<String, String> SHARED = new LinkedHashMap<>();

    static {
        String source = "pipeline.sources[0].";
        SHARED.put(source + "name", SOURCE);
        SHARED.put(source + "url", UPSTREAM.baseUrl() + "/quota/products");
        SHARED.put(source + "items", "/products");
        SHARED.put(source + "pagination.kind", "offset-limit");
        SHARED.put(source + "pagination.offset-param", "skip");
        SHARED.put(source + "pagination.size-param", "limit");
        SHARED.put(source + "pagination.page-size", "10");
        SHARED.put(source + "pagination.total", "/total");
        SHARED.put("resilience4j.bulkhead.instances." + SOURCE + ".max-concurrent-calls", "2");
        // Tasks of two pages, so that both instances get some of the run's 20 pages.
        SHARED.put("pipeline.tasks.items-per-task", "20");
        SHARED.put("pipeline.tasks.partitions", "4");
        // One consumer thread each: with more, the group's partitions could all go to one instance's threads.
        SHARED.put("pipeline.tasks.consumers", "1");
    }

    private static ConfigurableApplicationContext second;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SHARED.forEach((name, value) -> registry.add(name, () -> value));
        registry.add("pipeline.tasks.instance-id", () -> "first");
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        UPSTREAM.close();
    }

    @Test
    void twoFetchersStayWithinOneQuotaTogether() throws Exception {
        Map<String, Object> properties = new LinkedHashMap<>(SHARED);
        properties.put("spring.kafka.bootstrap-servers", broker.getBrokersAsString());
        properties.put("server.port", "0");
        properties.put("pipeline.tasks.instance-id", "second");
        // As arguments: they must win over application.yml's sources, as the test's properties do.
        second = new SpringApplicationBuilder(FetcherApplication.class)
                .run(properties.entrySet().stream()
                        .map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
        awaitBothInstancesHoldTaskPartitions();
        UPSTREAM.quota().set(10, Duration.ofSeconds(2), QuotaStyle.COMBINED);

        RunRecords run = RunRecords.run(port, broker, SOURCE);

        assertThat(run.errors()).isEmpty();
        assertThat(run.products()).hasSize(AnnouncedQuotaIntegrationTests.PRODUCTS);
        assertThat(UPSTREAM.quota().refused()).isZero();
        assertThat(run.events().stream()
                        .filter(e -> e instanceof dev.pipeline.common.RunEvent.TaskDone)
                        .map(e -> ((dev.pipeline.common.RunEvent.TaskDone) e).fetcher())
                        .distinct())
                .as("both instances fetched")
                .hasSize(2);
        MeterRegistry secondMeters = second.getBean(MeterRegistry.class);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(peerObservations(meters) + peerObservations(secondMeters))
                        .as("observations received from the other instance")
                        .isPositive());
    }

    private static double peerObservations(MeterRegistry meters) {
        return meters.get("pipeline.source.quota.peer.observations")
                .tag("source", SOURCE)
                .counter()
                .count();
    }

    private void awaitBothInstancesHoldTaskPartitions() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(Topics.FETCHER_GROUP))
                        .describedGroups()
                        .get(Topics.FETCHER_GROUP)
                        .get();
                return group.members().stream()
                                .filter(m -> !m.assignment().topicPartitions().isEmpty())
                                .count()
                        == 2;
            });
        }
    }
}
