package dev.pipeline.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.common.ErrorKind;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.SourceStats;
import dev.pipeline.common.Topics;
import dev.pipeline.common.report.testing.ReportSchema;
import java.net.URI;
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
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The processor against a real in-process KRaft broker: records in, exact reports out.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(
        partitions = 3,
        topics = {Topics.PRODUCTS, Topics.RUNS})
@ClosedBeforeItsDirectory
class ProcessorIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path output;

    @Autowired
    EmbeddedKafkaBroker broker;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("pipeline.processor.output-dir", () -> output.toString());
        registry.add("pipeline.processor.work-dir", () -> output.resolve("work").toString());
    }

    @Test
    void writesTheReportOnlyOnceEveryPartitionIsConsumedPastTheOffsetsItsTasksEndedAt() throws Exception {
        try (var kafka = new Producer(broker)) {
            String runId = "run-exact-completion";
            kafka.event(TaskRuns.started(runId, List.of("shop", "users")));
            List<ProductRecord> products = List.of(
                    product(runId, "shop", "2", 10.0, "toys"),
                    product(runId, "shop", "10", 30.0, "toys"),
                    product(runId, "shop", "1", 5.5, "books"),
                    product(runId, "users", "7", null, null),
                    product(runId, "shop", "3", 99.99, "books"),
                    // The same product again: counted once, the last value wins.
                    product(runId, "shop", "3", 20.0, "books"));
            Map<Integer, Long> lastOffsets = new HashMap<>();
            for (ProductRecord product : products) {
                SendResult<String, Object> sent = kafka.product(product);
                lastOffsets.merge(
                        sent.getRecordMetadata().partition(),
                        sent.getRecordMetadata().offset(),
                        Math::max);
            }
            kafka.event(TaskRuns.error(
                    runId, "users", "http://upstream/users?page=2", "HTTP 500", ErrorKind.HTTP_ERROR.wireName(), 3));
            kafka.event(TaskRuns.done(runId, "users", new SourceStats(5, 1, 4, 2, 1, 0), Map.of(), 0));

            // The last task's end names one more record on the partition of "shop:4" than has been written yet.
            ProductRecord late = product(runId, "shop", "4", 1.0, "toys");
            int latePartition = kafka.partitionOf(late);
            long lateOffset = kafka.endOffset(latePartition);
            Map<Integer, Long> withLate = new HashMap<>(lastOffsets);
            withLate.put(latePartition, lateOffset);
            kafka.event(TaskRuns.done(runId, "shop", new SourceStats(4, 4, 0, 0, 6, 0), withLate, products.size() + 1));

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(status(runId)).contains("\"productsConsumed\":" + products.size()));
            assertThat(output.resolve(runId + ".json")).doesNotExist();

            kafka.product(late);
            Path report = output.resolve(runId + ".json");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(report));

            JsonNode json = ReportSchema.readReport(report);
            assertThat(fieldNames(json)).containsExactly("summary", "changes", "products", "errors", "metrics");
            JsonNode summary = json.get("summary");
            assertThat(summary.get("run_id").asString()).isEqualTo(runId);
            assertThat(summary.get("total_products").asInt()).isEqualTo(6);
            assertThat(summary.get("total_errors").asInt()).isEqualTo(1);
            assertThat(summary.get("success_rate").asDouble()).isEqualTo(0.8571);
            assertThat(summary.get("sources").toString()).isEqualTo("[\"shop\",\"users\"]");
            // Seven records published and read, one of them a duplicate: complete, however many are distinct.
            assertThat(summary.get("incomplete").asBoolean()).isFalse();
            assertThat(summary.get("missing_records").asLong()).isZero();

            assertThat(ids(json)).containsExactly("shop:1", "shop:2", "shop:3", "shop:4", "shop:10", "users:7");
            JsonNode shop3 = json.get("products").get(2);
            assertThat(shop3.get("price").asDouble()).isEqualTo(20.0);
            JsonNode user = json.get("products").get(5);
            assertThat(user.get("price").isNull()).isTrue();
            assertThat(user.get("category").asString()).isEqualTo("unknown");
            assertThat(user.get("processed_at").asString()).endsWith("Z");

            JsonNode error = json.get("errors").get(0);
            assertThat(error.get("endpoint").asString()).isEqualTo("http://upstream/users?page=2");
            assertThat(error.get("error").asString()).isEqualTo("HTTP 500");
            assertThat(error.get("kind").asString()).isEqualTo("http_error");
            assertThat(error.get("attempts").asInt()).isEqualTo(3);

            JsonNode prices = json.get("metrics").get("price_metrics");
            // 1.0, 5.5, 10.0, 20.0, 30.0
            assertThat(prices.get("min_price").asDouble()).isEqualTo(1.0);
            assertThat(prices.get("max_price").asDouble()).isEqualTo(30.0);
            assertThat(Files.readString(report)).doesNotContain("E+").contains("\"max_price\" : 30");
            assertThat(prices.get("average_price").asDouble()).isEqualTo(13.3);
            assertThat(prices.get("median_price").asDouble()).isEqualTo(10.0);
            assertThat(prices.get("valid_price_count").asInt()).isEqualTo(5);
            assertThat(json.get("metrics").get("category_distribution").toString())
                    .isEqualTo("{\"toys\":3,\"books\":2,\"unknown\":1}");
            assertThat(json.get("metrics").get("source_request_counts").toString())
                    .isEqualTo("{\"shop\":4,\"users\":5}");
            assertThat(json.get("metrics").get("source_stats").get("users").toString())
                    .isEqualTo(
                            "{\"requests\":5,\"succeeded\":1,\"failed\":4,\"retried\":2,\"items\":1,\"invalid_items\":0}");
        }
    }

    @Test
    void sendsUnreadableRecordsToTheDeadLetterTopicAndCountsThemAsErrorsOfTheirRun() throws Exception {
        try (var kafka = new Producer(broker)) {
            String runId = "run-poison";
            kafka.event(TaskRuns.started(runId, List.of("shop")));
            Map<Integer, Long> lastOffsets = new HashMap<>();
            record(lastOffsets, kafka.raw("shop:1", "this is not JSON"));
            record(
                    lastOffsets,
                    kafka.raw(
                            "shop:2",
                            "{\"version\":99,\"runId\":\"" + runId
                                    + "\",\"source\":\"shop\",\"externalId\":\"2\",\"title\":\"t\"}"));
            record(lastOffsets, kafka.product(product(runId, "shop", "3", 3.0, "toys")));
            kafka.event(TaskRuns.done(runId, "shop", SourceStats.NONE, lastOffsets, 3));

            Path report = output.resolve(runId + ".json");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(report));
            JsonNode json = ReportSchema.readReport(report);
            assertThat(json.get("summary").get("total_products").asInt()).isEqualTo(1);
            assertThat(json.get("errors")).hasSize(1);
            assertThat(json.get("errors").get(0).get("kind").asString()).isEqualTo("unreadable_record");
            assertThat(json.get("errors").get(0).get("error").asString())
                    .contains("unsupported product record version 99");

            // Dead letters are at least once: a record whose recovery is retried may be there twice.
            List<ConsumerRecord<String, String>> deadLetters = deadLetters(Topics.PRODUCTS_DLT, 2);
            assertThat(deadLetters)
                    .extracting(ConsumerRecord::key)
                    .containsOnly("shop:1", "shop:2")
                    .contains("shop:1", "shop:2");
            assertThat(deadLetters)
                    .allSatisfy(letter -> assertThat(letter.headers().lastHeader("kafka_dlt-exception-message"))
                            .isNotNull());
            assertThat(deadLetters).extracting(ConsumerRecord::value).contains("this is not JSON");
        }
    }

    /**
     * Events of the kinds an older version ended uploads with ({@code source_finished}, {@code fetched})
     * may still be on {@code pipeline.runs} (7 days' retention). Their types are unknown now: they are
     * dead-lettered like any record that cannot be read, and counted as an error of their run when it
     * is open; they never end a run, nor stop the listener.
     */
    @Test
    void eventsOfTypesNoLongerKnownAreDeadLetteredAndEndNoRun() throws Exception {
        try (var kafka = new Producer(broker)) {
            String runId = "run-with-old-events";
            kafka.event(TaskRuns.started(runId, List.of("upload")));
            Map<Integer, Long> last = new HashMap<>();
            record(last, kafka.product(product(runId, "upload", "1", 1.0, "x")));
            kafka.rawEvent(
                    runId,
                    "{\"type\":\"source_finished\",\"runId\":\"" + runId + "\",\"source\":\"upload\","
                            + "\"stats\":{\"requests\":0,\"succeeded\":0,\"failed\":0,\"retried\":0,\"items\":1,"
                            + "\"invalidItems\":0},\"finishedAt\":\"2026-11-23T10:00:00Z\"}");
            String lastOffsets = last.entrySet().stream()
                    .map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                    .collect(java.util.stream.Collectors.joining(",", "{", "}"));
            kafka.rawEvent(
                    runId,
                    "{\"type\":\"fetched\",\"runId\":\"" + runId + "\",\"lastOffsets\":" + lastOffsets
                            + ",\"productsPublished\":1,\"fetchedAt\":\"2026-11-23T10:00:00Z\"}");

            List<ConsumerRecord<String, String>> deadLetters = deadLetters(Topics.RUNS + ".DLT", 2);
            assertThat(deadLetters).extracting(ConsumerRecord::key).containsOnly(runId);
            assertThat(deadLetters)
                    .extracting(ConsumerRecord::value)
                    .anySatisfy(value -> assertThat(value).contains("\"type\":\"source_finished\""))
                    .anySatisfy(value -> assertThat(value).contains("\"type\":\"fetched\""));
            Path report = output.resolve(runId + ".json");
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !Files.exists(report));
            assertThat(status(runId)).contains("\"state\":\"OPEN\"");

            kafka.event(TaskRuns.done(runId, "upload", new SourceStats(0, 0, 0, 0, 1, 0), last, 1));
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(report));
            JsonNode json = JSON.readTree(report.toFile());
            assertThat(json.get("summary").get("total_products").asInt()).isEqualTo(1);
            assertThat(json.get("errors")).hasSize(2).allSatisfy(error -> {
                assertThat(error.get("kind").asString()).isEqualTo("unreadable_record");
                assertThat(error.get("endpoint").asString()).startsWith("kafka:" + Topics.RUNS + "-");
            });
        }
    }

    @Test
    void runsInterleavedOnTheTopicEachGetTheirOwnReport() throws Exception {
        try (var kafka = new Producer(broker)) {
            kafka.event(TaskRuns.started("run-a", List.of("shop")));
            kafka.event(TaskRuns.started("run-b", List.of("shop")));
            Map<Integer, Long> lastOfA = new HashMap<>();
            Map<Integer, Long> lastOfB = new HashMap<>();
            for (int i = 1; i <= 50; i++) {
                // The same products in both runs, at other prices, written alternately; run A ends halfway.
                if (i <= 25) {
                    record(lastOfA, kafka.product(product("run-a", "shop", Integer.toString(i), (double) i, "a")));
                }
                record(lastOfB, kafka.product(product("run-b", "shop", Integer.toString(i), 100.0 + i, "b")));
                if (i == 25) {
                    kafka.event(TaskRuns.done("run-a", "shop", SourceStats.NONE, lastOfA, 25));
                }
            }
            kafka.event(TaskRuns.done("run-b", "shop", SourceStats.NONE, lastOfB, 50));

            Path reportA = output.resolve("run-a.json");
            Path reportB = output.resolve("run-b.json");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(reportA) && Files.exists(reportB));
            JsonNode a = ReportSchema.readReport(reportA);
            JsonNode b = ReportSchema.readReport(reportB);
            assertThat(a.get("summary").get("total_products").asInt()).isEqualTo(25);
            assertThat(a.get("metrics").get("price_metrics").get("max_price").asDouble())
                    .isEqualTo(25.0);
            assertThat(a.get("metrics").get("category_distribution").toString()).isEqualTo("{\"a\":25}");
            assertThat(b.get("summary").get("total_products").asInt()).isEqualTo(50);
            assertThat(b.get("metrics").get("price_metrics").get("min_price").asDouble())
                    .isEqualTo(101.0);
            assertThat(b.get("metrics").get("price_metrics").get("median_price").asDouble())
                    .isEqualTo(125.5);
            assertThat(b.get("metrics").get("category_distribution").toString()).isEqualTo("{\"b\":50}");
        }
    }

    @Test
    void exposesItsMetricsForPrometheus() throws Exception {
        String runId = "run-metrics";
        try (var kafka = new Producer(broker)) {
            kafka.event(TaskRuns.started(runId, List.of("shop")));
            Map<Integer, Long> last = new HashMap<>();
            record(last, kafka.product(product(runId, "shop", "1", 1.0, "x")));
            kafka.event(TaskRuns.done(runId, "shop", SourceStats.NONE, last, 1));
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(output.resolve(runId + ".json")));
        }
        String metrics = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(metrics)
                .contains(
                        "pipeline_products_consumed_total",
                        "pipeline_runs_completed_total",
                        "pipeline_report_write_seconds_count",
                        "pipeline_records_dead_lettered_total",
                        "kafka_consumer_fetch_manager_records_lag",
                        "spring_kafka_listener_seconds_count");
    }

    private static void record(Map<Integer, Long> lastOffsets, SendResult<String, ?> sent) {
        lastOffsets.merge(
                sent.getRecordMetadata().partition(), sent.getRecordMetadata().offset(), Math::max);
    }

    private List<ConsumerRecord<String, String>> deadLetters(String topic, int expected) {
        var props = KafkaTestUtils.consumerProps(broker, "dlt-reader-" + topic, false);
        props.put("auto.offset.reset", "earliest");
        try (var consumer = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(), new StringDeserializer())
                .createConsumer()) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> letters = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                ConsumerRecords<String, String> polled = consumer.poll(Duration.ofMillis(200));
                polled.forEach(letters::add);
                return letters.size() >= expected;
            });
            return letters;
        }
    }

    private String status(String runId) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/runs/" + runId))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static ProductRecord product(String runId, String source, String id, Double price, String category) {
        return new ProductRecord(
                ProductRecord.CURRENT_VERSION,
                runId,
                source,
                id,
                "Item " + id,
                price,
                category,
                "http://upstream/" + source,
                Instant.now(),
                Map.of());
    }

    private static List<String> ids(JsonNode report) {
        return StreamSupport.stream(report.get("products").spliterator(), false)
                .map(p -> p.get("source").asString() + ":" + p.get("id").asString())
                .toList();
    }

    private static List<String> fieldNames(JsonNode node) {
        return new ArrayList<>(node.propertyNames());
    }

    /** A producer as the fetcher's: JSON values without type headers, plus raw bytes for poison. */
    private static final class Producer implements AutoCloseable {
        private final KafkaTemplate<String, Object> json;
        private final KafkaTemplate<String, byte[]> raw;
        private final EmbeddedKafkaBroker broker;

        Producer(EmbeddedKafkaBroker broker) {
            this.broker = broker;
            Map<String, Object> props = KafkaTestUtils.producerProps(broker);
            this.json = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                    props, new StringSerializer(), new JacksonJsonSerializer<>().noTypeInfo()));
            this.raw = new KafkaTemplate<>(
                    new DefaultKafkaProducerFactory<>(props, new StringSerializer(), new ByteArraySerializer()));
        }

        SendResult<String, Object> product(ProductRecord product) throws Exception {
            return json.send(Topics.PRODUCTS, product.key(), product).get();
        }

        SendResult<String, byte[]> raw(String key, String value) throws Exception {
            return raw.send(Topics.PRODUCTS, key, value.getBytes(StandardCharsets.UTF_8))
                    .get();
        }

        void rawEvent(String runId, String value) throws Exception {
            raw.send(Topics.RUNS, runId, value.getBytes(StandardCharsets.UTF_8)).get();
        }

        void event(RunEvent event) throws Exception {
            json.send(Topics.RUNS, event.runId(), event).get();
        }

        int partitionOf(ProductRecord product) {
            return Utils.toPositive(Utils.murmur2(product.key().getBytes(StandardCharsets.UTF_8)))
                    % broker.getPartitionsPerTopic();
        }

        long endOffset(int partition) {
            var props = KafkaTestUtils.consumerProps(broker, "end-offsets", false);
            try (var consumer = new DefaultKafkaConsumerFactory<>(
                            props, new StringDeserializer(), new StringDeserializer())
                    .createConsumer()) {
                var topicPartition = new TopicPartition(Topics.PRODUCTS, partition);
                return consumer.endOffsets(List.of(topicPartition)).get(topicPartition);
            }
        }

        @Override
        public void close() {
            json.destroy();
            raw.destroy();
        }
    }
}
