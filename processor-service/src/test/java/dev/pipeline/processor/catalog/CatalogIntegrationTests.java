package dev.pipeline.processor.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.Topics;
import dev.pipeline.processor.ProcessorApplication;
import dev.pipeline.processor.run.RunLedger;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/catalog} over real HTTP, on processor instances reading a real broker. Every test
 * writes its own sources into the one products topic and asks for those sources only.
 */
@EmbeddedKafka(
        partitions = 3,
        topics = {Topics.PRODUCTS, Topics.RUNS})
class CatalogIntegrationTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();
    private EmbeddedKafkaBroker broker;
    private KafkaProducer<byte[], byte[]> producer;
    private Path root;

    @BeforeEach
    void setUp(EmbeddedKafkaBroker broker) throws IOException {
        this.broker = broker;
        root = Files.createTempDirectory("catalog");
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "catalog-tests-" + UUID.randomUUID());
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
    }

    @AfterEach
    void tearDown() throws IOException {
        instances.forEach(ConfigurableApplicationContext::close);
        producer.close();
        FileSystemUtils.deleteRecursively(root);
    }

    @Test
    void aProductFetchedAgainByALaterRunReplacesItsEarlierRecordAndTheOthersKeepTheirRun() throws Exception {
        ConfigurableApplicationContext instance = start("a");
        publish(product("run-early", "latest", "1", 10.0), product("run-early", "latest", "2", 20.0));
        publish(product("run-later", "latest", "1", 11.5));

        JsonNode page = get(instance, "/api/catalog?source=latest");

        assertThat(page.get("upToDate").asBoolean()).isTrue();
        assertThat(page.get("items")).hasSize(2);
        JsonNode first = page.at("/items/0");
        assertThat(first.get("key").asString()).isEqualTo("latest:1");
        assertThat(first.get("source").asString()).isEqualTo("latest");
        assertThat(first.get("externalId").asString()).isEqualTo("1");
        assertThat(first.get("title").asString()).isEqualTo("item 1");
        assertThat(first.get("price").asDouble()).isEqualTo(11.5);
        assertThat(first.get("category").asString()).isEqualTo("things");
        assertThat(first.get("runId").asString()).isEqualTo("run-later");
        assertThat(first.get("fetchedAt").asString()).isEqualTo("2026-11-28T10:00:00Z");
        assertThat(page.at("/items/1/runId").asString()).isEqualTo("run-early");
        assertThat(page.at("/items/1/price").asDouble()).isEqualTo(20.0);
        assertThat(page.has("nextCursor")).isFalse();
    }

    @Test
    void pagesCoverEveryItemOnceInKeyOrderWithinTheLimit() throws Exception {
        ConfigurableApplicationContext instance = start("a");
        List<String> ids = IntStream.range(0, 25).mapToObj(i -> "id-" + i).toList();
        publish(ids.stream().map(id -> product("run-paged", "paged", id, 1.0)).toArray(ProducerRecord[]::new));

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = get(
                    instance,
                    "/api/catalog?source=paged&limit=7" + (cursor == null ? "" : "&cursor=" + encode(cursor)));
            assertThat(page.get("items").size()).isLessThanOrEqualTo(7);
            page.get("items").forEach(item -> seen.add(item.get("externalId").asString()));
            cursor = page.has("nextCursor") ? page.get("nextCursor").asString() : null;
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(4);
        assertThat(seen)
                .doesNotHaveDuplicates()
                .containsExactlyElementsOf(ids.stream().sorted().toList());
        assertThat(get(instance, "/api/catalog?source=paged&limit=1000").get("items"))
                .hasSize(25);
    }

    @Test
    void theSourceFilterAnswersThatSourceOnlyNotOneItPrefixes() throws Exception {
        ConfigurableApplicationContext instance = start("a");
        publish(
                product("run-f", "shop", "1", 1.0),
                product("run-f", "shop2", "1", 2.0),
                product("run-f", "shop2", "2", 3.0));

        assertThat(keys(get(instance, "/api/catalog?source=shop"))).containsExactly("shop:1");
        assertThat(keys(get(instance, "/api/catalog?source=shop2"))).containsExactly("shop2:1", "shop2:2");
        assertThat(keys(get(instance, "/api/catalog?limit=1000"))).contains("shop:1", "shop2:1", "shop2:2");
    }

    @Test
    void aTombstoneRemovesItsKeyAndAnUnreadableLatestRecordHidesItsKey() throws Exception {
        ConfigurableApplicationContext instance = start("a");
        publish(product("run-t", "tomb", "gone", 1.0), product("run-t", "tomb", "bad", 2.0));
        publish(
                new ProducerRecord<>(Topics.PRODUCTS, bytes("tomb:gone"), null),
                new ProducerRecord<>(Topics.PRODUCTS, bytes("tomb:bad"), bytes("{not json")),
                product("run-t", "tomb", "kept", 3.0));

        JsonNode page = get(instance, "/api/catalog?source=tomb");

        assertThat(keys(page)).containsExactly("tomb:kept");
        assertThat(page.get("unreadable").asInt()).isEqualTo(1);
    }

    @Test
    void badParametersAreProblemsNamingTheParameter() throws Exception {
        ConfigurableApplicationContext instance = start("a");
        assertProblem(
                instance, "/api/catalog?limit=0", "Invalid limit", "'limit' must be a whole number from 1 to 1000");
        assertProblem(instance, "/api/catalog?limit=1001", "Invalid limit", "'limit'");
        assertProblem(instance, "/api/catalog?limit=ten", "Invalid limit", "'limit'");
        assertProblem(
                instance, "/api/catalog?source=Not%20A%20Source", "Invalid source", "'source' must be a source name");
        assertProblem(instance, "/api/catalog?cursor=%21%21%21", "Invalid cursor", "'cursor' is not a cursor");
        assertProblem(instance, "/api/catalog?cursor=" + "A".repeat(5000), "Invalid cursor", "'cursor' is longer");
    }

    @Test
    void aRestartResumesFromTheStoredOffsetsAndALostOrCorruptStoreIsRebuilt() throws Exception {
        publish(product("run-r", "restart", "1", 1.0), product("run-r", "restart", "2", 2.0));
        ConfigurableApplicationContext first = start("r");
        assertThat(keys(get(first, "/api/catalog?source=restart"))).containsExactly("restart:1", "restart:2");
        stop(first);

        ConfigurableApplicationContext resumed = start("r");
        assertThat(keys(get(resumed, "/api/catalog?source=restart"))).containsExactly("restart:1", "restart:2");
        assertThat(resumed.getBean(Catalog.class).recordsRead())
                .as("records read again after a restart")
                .isZero();
        stop(resumed);

        FileSystemUtils.deleteRecursively(workDir("r").resolve(".catalog"));
        ConfigurableApplicationContext rebuilt = start("r");
        assertThat(keys(get(rebuilt, "/api/catalog?source=restart"))).containsExactly("restart:1", "restart:2");
        assertThat(rebuilt.getBean(Catalog.class).recordsRead()).isPositive();
        stop(rebuilt);

        Files.writeString(workDir("r").resolve(".catalog/CURRENT"), "not a manifest\n");
        ConfigurableApplicationContext repaired = start("r");
        assertThat(keys(get(repaired, "/api/catalog?source=restart"))).containsExactly("restart:1", "restart:2");
        assertThat(repaired.getBean(Catalog.class).recordsRead()).isPositive();
    }

    @Test
    void twoInstancesAgree() throws Exception {
        ConfigurableApplicationContext a = start("a");
        ConfigurableApplicationContext b = start("b");
        publish(product("run-two", "two", "1", 1.0), product("run-two", "two", "2", 2.0));
        publish(product("run-two-again", "two", "2", 2.5));

        JsonNode fromA = get(a, "/api/catalog?source=two");
        JsonNode fromB = get(b, "/api/catalog?source=two");

        assertThat(fromA.get("items")).hasSize(2).isEqualTo(fromB.get("items"));
        assertThat(fromA.get("upToDate").asBoolean()).isTrue();
        assertThat(fromB.get("upToDate").asBoolean()).isTrue();
        assertThat(fromA.get("asOf")).isEqualTo(fromB.get("asOf"));
    }

    /**
     * With a run open the reader polls once an hour here: only the request's own catch-up can
     * bring in what was committed just before it.
     */
    @Test
    void aRequestCatchesUpToWhatWasCommittedBeforeIt() throws Exception {
        ConfigurableApplicationContext instance = start("busy", "--pipeline.processor.catalog.busy-interval=1h");
        publish(product("run-busy", "busy", "1", 1.0));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !instance.getBean(RunLedger.class).openRuns().isEmpty());
        assertThat(keys(get(instance, "/api/catalog?source=busy"))).containsExactly("busy:1");

        publish(product("run-busy", "busy", "2", 2.0));
        JsonNode page = get(instance, "/api/catalog?source=busy");

        assertThat(keys(page)).containsExactly("busy:1", "busy:2");
        assertThat(page.get("upToDate").asBoolean()).isTrue();
        long asOf = 0;
        for (JsonNode offset : page.get("asOf")) {
            asOf += offset.asLong();
        }
        assertThat(asOf).as("offsets the page is as of").isPositive();
    }

    private ConfigurableApplicationContext start(String name, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--spring.kafka.consumer.group-id=catalog-" + name + "-" + UUID.randomUUID(),
                "--pipeline.processor.output-dir=" + root.resolve("output-" + name),
                "--pipeline.processor.work-dir=" + workDir(name)));
        args.addAll(List.of(extra));
        ConfigurableApplicationContext context =
                new SpringApplicationBuilder(ProcessorApplication.class).run(args.toArray(String[]::new));
        instances.add(context);
        return context;
    }

    private void stop(ConfigurableApplicationContext instance) {
        instance.close();
        instances.remove(instance);
    }

    private Path workDir(String name) {
        return root.resolve("work-" + name);
    }

    @SafeVarargs
    private void publish(ProducerRecord<byte[], byte[]>... records) throws Exception {
        producer.beginTransaction();
        for (ProducerRecord<byte[], byte[]> record : records) {
            producer.send(record);
        }
        producer.commitTransaction();
    }

    private static ProducerRecord<byte[], byte[]> product(String runId, String source, String id, double price) {
        ProductRecord product = new ProductRecord(
                ProductRecord.CURRENT_VERSION,
                runId,
                source,
                id,
                "item " + id,
                price,
                "things",
                "http://upstream/items",
                Instant.parse("2026-11-28T10:00:00Z"),
                Map.of("brand", "acme"));
        return new ProducerRecord<>(
                Topics.PRODUCTS, bytes(product.key()), PipelineJson.mapper().writeValueAsBytes(product));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static List<String> keys(JsonNode page) {
        List<String> keys = new ArrayList<>();
        page.get("items").forEach(item -> keys.add(item.get("key").asString()));
        return keys;
    }

    private static HttpResponse<String> send(ConfigurableApplicationContext instance, String path) throws Exception {
        String port = instance.getEnvironment().getProperty("local.server.port");
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode get(ConfigurableApplicationContext instance, String path) throws Exception {
        HttpResponse<String> response = send(instance, path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return PipelineJson.mapper().readTree(response.body());
    }

    private static void assertProblem(ConfigurableApplicationContext instance, String path, String title, String detail)
            throws Exception {
        HttpResponse<String> response = send(instance, path);
        assertThat(response.statusCode()).as(path).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = PipelineJson.mapper().readTree(response.body());
        assertThat(problem.get("title").asString()).isEqualTo(title);
        assertThat(problem.get("detail").asString()).contains(detail);
    }
}
