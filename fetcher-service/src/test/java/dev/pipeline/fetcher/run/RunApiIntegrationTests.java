package dev.pipeline.fetcher.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunEnd;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.SourceStats;
import dev.pipeline.common.Topics;
import dev.pipeline.fetcher.RunRecords;
import dev.pipeline.support.testing.CommittedRecords;
import dev.pipeline.upstream.Catalog;
import dev.pipeline.upstream.GeneratedProduct;
import dev.pipeline.upstream.GeneratedUser;
import dev.pipeline.upstream.Settings;
import dev.pipeline.upstream.StandInUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The fetcher against the stand-in upstream (real HTTP) and a real in-process KRaft broker:
 * what a run puts on Kafka, exactly.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 3)
class RunApiIntegrationTests {

    private static final StandInUpstream UPSTREAM = StandInUpstream.start(0, Settings.defaults());
    private static final Catalog CATALOG =
            new Catalog(Settings.defaults().size(), Settings.defaults().seed());
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    EmbeddedKafkaBroker broker;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void upstream(DynamicPropertyRegistry registry) {
        registry.add("pipeline.upstream-url", UPSTREAM::baseUrl);
    }

    @AfterAll
    static void stopUpstream() {
        UPSTREAM.close();
    }

    @Test
    void aRunPublishesEveryItemOfEverySourceAndEndsWithTheOffsetsItReached() throws Exception {
        UPSTREAM.faults().reset();
        HttpResponse<String> accepted = post("/api/runs", "");
        assertThat(accepted.statusCode()).isEqualTo(202);
        String runId =
                PipelineJson.mapper().readTree(accepted.body()).get("runId").asString();
        assertThat(accepted.headers().firstValue("Location"))
                .contains("http://localhost:" + port + "/api/runs/" + runId);

        await().atMost(Duration.ofSeconds(60))
                .until(() -> get("/api/runs/" + runId).body().contains("\"state\":\"FETCHED\""));

        List<ConsumerRecord<String, String>> products = readAll(Topics.PRODUCTS).stream()
                .filter(r -> r.value().contains("\"runId\":\"" + runId + "\""))
                .toList();
        Set<String> expectedKeys = Stream.of(
                        IntStream.rangeClosed(1, 194).mapToObj(i -> "dummyjson:" + i),
                        IntStream.rangeClosed(1, 100).mapToObj(i -> "jsonplaceholder:" + i),
                        IntStream.rangeClosed(1, 12).mapToObj(i -> "reqres:" + i),
                        faultyProductKeys().stream())
                .flatMap(s -> s)
                .collect(Collectors.toSet());
        assertThat(products)
                .extracting(ConsumerRecord::key)
                .hasSize(321)
                .containsExactlyInAnyOrderElementsOf(expectedKeys);

        ProductRecord lamp = value(products, "dummyjson:5");
        GeneratedProduct generated = CATALOG.product(5);
        assertThat(lamp.title()).isEqualTo(generated.title());
        assertThat(lamp.price()).isEqualTo(generated.price());
        assertThat(lamp.category()).isEqualTo(generated.category());
        ProductRecord user = value(products, "reqres:3");
        GeneratedUser person = CATALOG.user(3);
        assertThat(user.title()).isEqualTo(person.firstName() + " " + person.lastName());
        assertThat(user.price()).isNull();
        assertThat(user.category()).isEqualTo("unknown");
        assertThat(value(products, "jsonplaceholder:1").title())
                .isEqualTo(CATALOG.post(1).title());

        List<RunEvent> events = readAll(Topics.RUNS).stream()
                .filter(r -> r.key().equals(runId))
                .map(r -> PipelineJson.mapper().readValue(r.value(), RunEvent.class))
                .toList();
        assertThat(events.getFirst()).isInstanceOf(RunEvent.Started.class);
        RunEvent.Started started = (RunEvent.Started) events.getFirst();
        assertThat(started.sources()).containsExactly("dummyjson", "jsonplaceholder", "reqres", "httpbin", "faulty");
        Map<Integer, Long> firstOffsetOfThisRun = products.stream()
                .collect(Collectors.toMap(ConsumerRecord::partition, ConsumerRecord::offset, Math::min));
        assertThat(started.startOffsets()).hasSize(3);
        firstOffsetOfThisRun.forEach((partition, first) ->
                assertThat(started.startOffsets().get(partition)).isLessThanOrEqualTo(first));
        List<RunEvent.FetchFailed> errors = events.stream()
                .filter(RunEvent.FetchFailed.class::isInstance)
                .map(RunEvent.FetchFailed.class::cast)
                .toList();
        assertThat(errors).allSatisfy(error -> assertThat(error.source()).isEqualTo("faulty"));
        assertThat(errors)
                .extracting(RunEvent.FetchFailed::kind)
                .containsExactlyInAnyOrder("malformed_page", "invalid_item", "invalid_item", "invalid_item");
        assertThat(errors)
                .filteredOn(e -> e.kind().equals("malformed_page"))
                .singleElement()
                .satisfies(e -> assertThat(e.endpoint()).endsWith("/faulty/items?page=4"));
        Map<String, SourceStats> stats = RunRecords.statsOf(events);
        assertThat(stats)
                .containsEntry("dummyjson", new SourceStats(10, 10, 0, 0, 194, 0))
                .containsEntry("jsonplaceholder", new SourceStats(1, 1, 0, 0, 100, 0))
                .containsEntry("reqres", new SourceStats(2, 2, 0, 0, 12, 0))
                .containsEntry("httpbin", new SourceStats(1, 1, 0, 0, 0, 0))
                // page 2 answers 500 once, page 3 429 once, page 4 is not JSON, page 5 has 3 invalid items of 6
                .containsEntry("faulty", new SourceStats(7, 4, 3, 2, 18, 3));

        RunEnd end = RunRecords.endOf(events);
        assertThat(end.productsPublished()).isEqualTo(321);
        Map<Integer, Long> lastOffsetOfThisRun = products.stream()
                .collect(Collectors.toMap(ConsumerRecord::partition, ConsumerRecord::offset, Math::max));
        assertThat(end.lastOffsets()).isEqualTo(lastOffsetOfThisRun);
    }

    @Test
    void theProductsTopicIsCompactedAndKeepsRecordsLongerThanARun() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.PRODUCTS);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> admin.listTopics().names().get().contains(Topics.PRODUCTS));
            Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(config.get("min.compaction.lag.ms").value()).isEqualTo("86400000");
            assertThat(admin.describeTopics(List.of(Topics.PRODUCTS))
                            .allTopicNames()
                            .get()
                            .get(Topics.PRODUCTS)
                            .partitions())
                    .hasSize(3);
        }
    }

    @Test
    void aRunOfChosenSourcesFetchesOnlyThose() throws Exception {
        HttpResponse<String> accepted = post("/api/runs", "{\"sources\":[\"reqres\"]}");
        assertThat(accepted.statusCode()).isEqualTo(202);
        JsonNode run = PipelineJson.mapper().readTree(accepted.body());
        assertThat(run.get("sources")).hasSize(1);
        assertThat(run.get("sources").get(0).get("name").asString()).isEqualTo("reqres");
    }

    @Test
    void anUnknownSourceIsABadRequestThatNamesIt() throws Exception {
        HttpResponse<String> refused = post("/api/runs", "{\"sources\":[\"http://169.254.169.254/\"]}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(refused.body()).contains("not configured").contains("169.254.169.254");
    }

    @Test
    void aMisspelledPropertyIsABadRequestNotARunOfEverySource() throws Exception {
        HttpResponse<String> refused = post("/api/runs", "{\"source\":[\"reqres\"]}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
    }

    @Test
    void malformedJsonIsABadRequest() throws Exception {
        HttpResponse<String> refused = post("/api/runs", "{\"sources\":");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
    }

    @Test
    void anUnknownRunIsNotFoundAndAnInvalidIdABadRequest() throws Exception {
        assertThat(get("/api/runs/run-nope").statusCode()).isEqualTo(404);
        assertThat(get("/api/runs/..%2F..%2Fetc").statusCode()).isEqualTo(400);
    }

    /** The fault-injecting source's valid items: 4 on each of pages 1-3, 3 of 6 on page 5. */
    private static List<String> faultyProductKeys() {
        return readAllFaultyIds().stream().map(id -> "faulty:" + id).toList();
    }

    private static List<String> readAllFaultyIds() {
        List<String> ids = new ArrayList<>();
        for (int page : List.of(1, 2, 3, 5)) {
            JsonNode items =
                    PipelineJson.mapper().readTree(fetchFaultyPage(page)).get("items");
            for (JsonNode item : items) {
                boolean valid = item.hasNonNull("id")
                        && !item.path("name").asString("").isBlank()
                        && item.path("price").asDouble(0) >= 0;
                if (valid) {
                    ids.add(item.get("id").asString());
                }
            }
        }
        return ids;
    }

    private static String fetchFaultyPage(int page) {
        try {
            HttpResponse<String> response;
            do {
                response = HTTP.send(
                        HttpRequest.newBuilder(URI.create(UPSTREAM.baseUrl() + "/faulty/items?page=" + page))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
            } while (response.statusCode() != 200);
            return response.body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProductRecord value(List<ConsumerRecord<String, String>> records, String key) {
        return records.stream()
                .filter(r -> r.key().equals(key))
                .findFirst()
                .map(r -> PipelineJson.mapper().readValue(r.value(), ProductRecord.class))
                .orElseThrow();
    }

    private List<ConsumerRecord<String, String>> readAll(String topic) {
        return CommittedRecords.read(
                KafkaTestUtils.consumerProps(broker, "reader-" + System.nanoTime(), false),
                topic,
                new StringDeserializer());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
