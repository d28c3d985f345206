package dev.pipeline.processor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.SourceStats;
import dev.pipeline.common.Topics;
import dev.pipeline.common.report.testing.ReportSchema;
import dev.pipeline.processor.TaskRuns;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.SendResult;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/**
 * The products listener takes a poll's records as one batch: a failure of one record in the middle
 * of a batch is handled for that record, and its neighbours in the same poll go on as they would
 * one by one. To have them in one poll, they are published in one transaction (one partition:
 * their order is the order they were published in).
 */
@SpringBootTest
@EmbeddedKafka(
        partitions = 1,
        topics = {Topics.PRODUCTS, Topics.RUNS})
class ProductBatchIntegrationTests {

    private static final String GROUP = "pipeline-processor";
    private static final TopicPartition PRODUCTS = new TopicPartition(Topics.PRODUCTS, 0);
    private static final TopicPartition DEAD_LETTERS = new TopicPartition(Topics.PRODUCTS_DLT, 0);

    private static Path root;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    MeterRegistry meters;

    private KafkaTemplate<String, Object> json;
    private KafkaTemplate<String, byte[]> raw;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        root = Files.createTempDirectory("product-batch");
        registry.add("pipeline.processor.output-dir", () -> root.resolve("out").toString());
        registry.add("pipeline.processor.work-dir", () -> root.resolve("work").toString());
        // Commits are tried at every batch: one past the safe offset would be seen.
        registry.add("pipeline.processor.commit-interval", () -> "0s");
    }

    @BeforeEach
    void producers() {
        Map<String, Object> props = KafkaTestUtils.producerProps(broker);
        json = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                props, new StringSerializer(), new JacksonJsonSerializer<>().noTypeInfo()));
        var transactional = new DefaultKafkaProducerFactory<>(props, new StringSerializer(), new ByteArraySerializer());
        transactional.setTransactionIdPrefix("product-batch-");
        raw = new KafkaTemplate<>(transactional);
    }

    @AfterEach
    void closeProducers() {
        json.destroy();
        raw.destroy();
    }

    @AfterAll
    static void deleteRoot() throws IOException {
        FileSystemUtils.deleteRecursively(root);
    }

    @Test
    void unreadableRecordsInTheMiddleOfABatchAreDeadLetteredOnceAndTheirNeighboursReachTheReport() throws Exception {
        String runId = "run-batch-poison";
        json.send(Topics.RUNS, runId, TaskRuns.started(runId, List.of("shop"))).get();
        long deadLettersBefore = endOffset(DEAD_LETTERS);

        double batchesBefore = productBatches();
        List<Long> offsets = atOnce(
                product(runId, "1"),
                product(runId, "2"),
                raw("shop:x", "this is not JSON"),
                product(runId, "3"),
                raw(
                        "shop:y",
                        "{\"version\":99,\"runId\":\"" + runId
                                + "\",\"source\":\"shop\",\"externalId\":\"y\",\"title\":\"t\"}"),
                product(runId, "4"));
        long notJson = offsets.get(2);
        long unsupported = offsets.get(4);
        json.send(Topics.RUNS, runId, TaskRuns.done(runId, "shop", SourceStats.NONE, Map.of(0, offsets.get(5)), 6))
                .get();

        Path report = root.resolve("out").resolve(runId + ".json");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(report));
        JsonNode json = ReportSchema.readReport(report);
        assertThat(json.at("/summary/total_products").asInt()).isEqualTo(4);
        // The one that names its run is an error of it; "this is not JSON" names none.
        assertThat(json.get("errors")).singleElement().satisfies(error -> {
            assertThat(error.get("kind").asString()).isEqualTo("unreadable_record");
            assertThat(error.get("error").asString()).contains("unsupported product record version 99");
        });
        // All six in one poll, so the two were in the middle of a batch.
        assertThat(productBatches() - batchesBefore).isEqualTo(1);

        // Exactly once each (the report is written after both were dead-lettered), as a record listener's
        // error handler sends them: the original bytes, the reason and where the record was in the headers.
        assertThat(endOffset(DEAD_LETTERS) - deadLettersBefore).isEqualTo(2);
        List<ConsumerRecord<String, byte[]>> letters = deadLetters(deadLettersBefore, 2);
        assertThat(letters).extracting(ConsumerRecord::key).containsExactly("shop:x", "shop:y");
        ConsumerRecord<String, byte[]> unparsed = letters.get(0);
        assertThat(new String(unparsed.value(), StandardCharsets.UTF_8)).isEqualTo("this is not JSON");
        assertThat(header(unparsed, KafkaHeaders.DLT_EXCEPTION_FQCN))
                .isEqualTo(DeserializationException.class.getName());
        assertThat(unparsed.headers()
                        .lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET)
                        .value())
                .isEqualTo(java.nio.ByteBuffer.allocate(Long.BYTES)
                        .putLong(notJson)
                        .array());
        assertThat(header(unparsed, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP)).isEqualTo(GROUP);
        assertThat(unparsed.headers().lastHeader(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER))
                .isNull();
        ConsumerRecord<String, byte[]> refused = letters.get(1);
        assertThat(new String(refused.value(), StandardCharsets.UTF_8)).contains("\"version\":99");
        assertThat(header(refused, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN))
                .isEqualTo(UnreadableRecordException.class.getName());
        assertThat(header(refused, KafkaHeaders.DLT_EXCEPTION_MESSAGE))
                .endsWith("unsupported product record version 99");
        assertThat(refused.headers()
                        .lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET)
                        .value())
                .isEqualTo(java.nio.ByteBuffer.allocate(Long.BYTES)
                        .putLong(unsupported)
                        .array());
        assertThat(header(refused, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP)).isEqualTo(GROUP);
    }

    @Test
    void aStoreFailureInTheMiddleOfABatchLosesAndRepeatsNothingAndCommitsNothingPastTheSafeOffset() throws Exception {
        String runA = "run-batch-stored";
        String runB = "run-batch-store-fails";
        json.send(Topics.RUNS, runA, TaskRuns.started(runA, List.of("shop"))).get();
        long deadLettersBefore = endOffset(DEAD_LETTERS);
        // Run B's store cannot be opened (its directory is taken by a file); run A's can.
        Path blocker = root.resolve("work").resolve(runB);
        Files.createDirectories(blocker.getParent());
        Files.writeString(blocker, "not a directory");

        double consumedBefore = consumed();
        List<Long> offsets = atOnce(
                product(runA, "1"), product(runA, "2"), product(runB, "1"), product(runA, "3"), product(runB, "2"));
        long firstOfA = offsets.get(0);
        long lastOfA = offsets.get(3);
        long lastOfB = offsets.get(4);

        // The two before B's first record are taken; B's and everything after it are read again and again.
        await().atMost(Duration.ofSeconds(30)).until(() -> consumed() - consumedBefore == 2);
        Thread.sleep(2_000);
        assertThat(consumed() - consumedBefore).isEqualTo(2);
        assertThat(committed())
                .satisfiesAnyOf(
                        offset -> assertThat(offset).isNull(),
                        offset -> assertThat(offset.offset()).isLessThanOrEqualTo(firstOfA));

        Files.delete(blocker);
        json.send(Topics.RUNS, runB, TaskRuns.started(runB, List.of("shop"))).get();
        json.send(Topics.RUNS, runA, TaskRuns.done(runA, "shop", SourceStats.NONE, Map.of(0, lastOfA), 3))
                .get();
        json.send(Topics.RUNS, runB, TaskRuns.done(runB, "shop", SourceStats.NONE, Map.of(0, lastOfB), 2))
                .get();

        Path out = root.resolve("out");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Files.exists(out.resolve(runA + ".json")) && Files.exists(out.resolve(runB + ".json")));
        JsonNode a = ReportSchema.readReport(out.resolve(runA + ".json"));
        JsonNode b = ReportSchema.readReport(out.resolve(runB + ".json"));
        assertThat(a.at("/summary/total_products").asInt()).isEqualTo(3);
        assertThat(a.get("errors")).isEmpty();
        assertThat(b.at("/summary/total_products").asInt()).isEqualTo(2);
        assertThat(b.get("errors")).isEmpty();
        // Each record taken once: the two before the failure were not read again.
        assertThat(consumed() - consumedBefore).isEqualTo(5);
        assertThat(endOffset(DEAD_LETTERS)).isEqualTo(deadLettersBefore);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(committed())
                        .isNotNull()
                        .satisfies(offset -> assertThat(offset.offset()).isEqualTo(lastOfB + 1)));
    }

    /**
     * Publishes the records in one transaction, so that they become readable together (the listener
     * reads committed records only): the next poll returns them all, as one batch.
     */
    @SafeVarargs
    private List<Long> atOnce(ProducerRecord<String, byte[]>... records) {
        List<CompletableFuture<SendResult<String, byte[]>>> sent = raw.executeInTransaction(
                template -> Stream.of(records).map(template::send).toList());
        return sent.stream()
                .map(send -> send.join().getRecordMetadata().offset())
                .toList();
    }

    /** How many times the products listener was called: once per poll that returned records. */
    private double productBatches() {
        return meters.find("spring.kafka.listener").timers().stream()
                .filter(timer -> timer.getId().getTag("name").startsWith(ProductListener.ID))
                .mapToDouble(Timer::count)
                .sum();
    }

    private double consumed() {
        return meters.get("pipeline.products.consumed").counter().count();
    }

    private static ProducerRecord<String, byte[]> product(String runId, String id) {
        ProductRecord product = new ProductRecord(
                ProductRecord.CURRENT_VERSION,
                runId,
                "shop",
                id,
                "Lamp " + id,
                5.0,
                "home",
                "http://upstream/shop",
                Instant.now(),
                Map.of());
        try (var json = new JacksonJsonSerializer<ProductRecord>().noTypeInfo()) {
            return new ProducerRecord<>(Topics.PRODUCTS, product.key(), json.serialize(Topics.PRODUCTS, product));
        }
    }

    private static ProducerRecord<String, byte[]> raw(String key, String value) {
        return new ProducerRecord<>(Topics.PRODUCTS, key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private long endOffset(TopicPartition partition) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
                    .all()
                    .get()
                    .get(partition)
                    .offset();
        }
    }

    private OffsetAndMetadata committed() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            return admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .get(PRODUCTS);
        }
    }

    private List<ConsumerRecord<String, byte[]>> deadLetters(long from, int count) {
        var props = KafkaTestUtils.consumerProps(broker, "dlt-reader", false);
        try (var consumer = new DefaultKafkaConsumerFactory<>(
                        props, new StringDeserializer(), new ByteArrayDeserializer())
                .createConsumer()) {
            consumer.assign(List.of(DEAD_LETTERS));
            consumer.seek(DEAD_LETTERS, from);
            List<ConsumerRecord<String, byte[]>> letters = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(letters::add);
                return letters.size() >= count;
            });
            return letters;
        }
    }
}
