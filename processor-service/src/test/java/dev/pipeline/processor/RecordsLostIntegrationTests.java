package dev.pipeline.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.SourceStats;
import dev.pipeline.common.Topics;
import dev.pipeline.common.report.testing.ReportSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Invariant 10, loss is never silent: a run whose records compaction removed before the processor
 * read them (a later run re-fetched the same products while the processor was down longer than the
 * topic's {@code min.compaction.lag.ms}) gets a report that says it is incomplete and by how much.
 * The broker compacts aggressively here: a 2 s lag, 100 ms segments, a cleaner that runs every 100 ms.
 * And the processor refuses to start with an {@code abandon-after} not well under that lag.
 */
@EmbeddedKafka(
        partitions = 1,
        brokerProperties = {
            "log.cleaner.backoff.ms=100",
            "log.cleaner.dedupe.buffer.size=4194304",
            "log.cleaner.threads=1"
        })
class RecordsLostIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** As short as the cleaner test allows; the processor must abandon within half of it. */
    private static final Duration LAG = Duration.ofSeconds(2);

    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();
    private Path output;
    private KafkaTemplate<String, Object> kafka;

    @BeforeEach
    void setUp(EmbeddedKafkaBroker broker) throws Exception {
        output = Files.createTempDirectory("records-lost");
        kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                KafkaTestUtils.producerProps(broker),
                new StringSerializer(),
                new JacksonJsonSerializer<>().noTypeInfo()));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            if (!admin.listTopics().names().get().contains(Topics.PRODUCTS)) {
                admin.createTopics(List.of(
                                new NewTopic(Topics.PRODUCTS, 1, (short) 1)
                                        .configs(Map.of(
                                                "cleanup.policy", "compact",
                                                "min.compaction.lag.ms", Long.toString(LAG.toMillis()),
                                                "segment.ms", "100",
                                                "min.cleanable.dirty.ratio", "0.01",
                                                "delete.retention.ms", "100")),
                                new NewTopic(Topics.RUNS, 1, (short) 1)))
                        .all()
                        .get();
            }
        }
    }

    @AfterEach
    void tearDown() throws IOException {
        instances.forEach(ConfigurableApplicationContext::close);
        kafka.destroy();
        FileSystemUtils.deleteRecursively(output);
    }

    @Test
    void aRunWhoseRecordsWereCompactedAwayBeforeTheyWereReadIsReportedIncompleteByHowMany(EmbeddedKafkaBroker broker)
            throws Exception {
        // Run A: products 1-4, and 9 that no later run fetches again.
        publishRun("run-lost-a", List.of("1", "2", "3", "4", "9"), 0);
        Thread.sleep(300); // past segment.ms: run B starts a new segment
        // Run B, while no processor is up, fetches 1-4 again: their keys supersede A's records.
        publishRun("run-lost-b", List.of("1", "2", "3", "4"), 100);
        Thread.sleep(300);
        // A later run rolls B's segment, so the cleaner may compact it once it is older than the lag.
        publishRun("run-lost-c", List.of("50"), 200);

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> productsOfRun(broker, "run-lost-a"), ids -> ids.equals(List.of("9")));

        startProcessor(broker, "1s");

        JsonNode a = report("run-lost-a");
        JsonNode summaryA = a.get("summary");
        assertThat(summaryA.propertyNames())
                .containsExactly(
                        "run_id",
                        "total_products",
                        "total_errors",
                        "processing_time_seconds",
                        "success_rate",
                        "sources",
                        "started_at",
                        "finished_at",
                        "incomplete",
                        "missing_records");
        assertThat(summaryA.get("incomplete").asBoolean()).isTrue();
        assertThat(summaryA.get("missing_records").asLong()).isEqualTo(4);
        assertThat(summaryA.get("total_products").asLong()).isEqualTo(1);
        assertThat(summaryA.get("total_errors").asLong()).isEqualTo(1);
        assertThat(a.get("errors")).singleElement().satisfies(error -> {
            assertThat(error.get("kind").asString()).isEqualTo("records_lost");
            assertThat(error.get("error").asString())
                    .startsWith("4 of the run's 5 product records were never read: removed from pipeline.products");
            assertThat(error.get("error").asString()).contains("compaction", "retention");
        });

        JsonNode b = report("run-lost-b");
        assertThat(b.get("summary").get("incomplete").asBoolean()).isFalse();
        assertThat(b.get("summary").get("missing_records").asLong()).isZero();
        assertThat(b.get("summary").get("total_products").asLong()).isEqualTo(4);
        assertThat(b.get("errors")).isEmpty();
    }

    @Test
    void refusesToStartWhenAbandonAfterIsNotWellUnderTheProductsTopicsCompactionLag(EmbeddedKafkaBroker broker) {
        assertThatThrownBy(() -> startProcessor(broker, "1500ms"))
                .hasMessageContaining("pipeline.processor.abandon-after (PT1.5S)")
                .hasMessageContaining("min.compaction.lag.ms = 2000");
    }

    private void publishRun(String runId, List<String> ids, double priceBase) throws Exception {
        kafka.send(Topics.RUNS, runId, TaskRuns.started(runId, List.of("shop"))).get();
        Map<Integer, Long> last = new HashMap<>();
        for (String id : ids) {
            ProductRecord product = new ProductRecord(
                    ProductRecord.CURRENT_VERSION,
                    runId,
                    "shop",
                    id,
                    "Item " + id,
                    priceBase + Integer.parseInt(id),
                    "toys",
                    "http://upstream/shop",
                    Instant.now(),
                    Map.of());
            SendResult<String, Object> sent =
                    kafka.send(Topics.PRODUCTS, product.key(), product).get();
            last.merge(
                    sent.getRecordMetadata().partition(),
                    sent.getRecordMetadata().offset(),
                    Math::max);
        }
        kafka.send(
                        Topics.RUNS,
                        runId,
                        TaskRuns.done(runId, "shop", new SourceStats(1, 1, 0, 0, ids.size(), 0), last, ids.size()))
                .get();
    }

    /** The ids of the run's products still on the topic, in offset order. */
    private static List<String> productsOfRun(EmbeddedKafkaBroker broker, String runId) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "compaction-check", false);
        TopicPartition partition = new TopicPartition(Topics.PRODUCTS, 0);
        List<String> ids = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode value = JSON.readTree(record.value());
                    if (runId.equals(value.path("runId").asString())) {
                        ids.add(value.path("externalId").asString());
                    }
                }
            }
        }
        return ids;
    }

    private void startProcessor(EmbeddedKafkaBroker broker, String abandonAfter) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ProcessorApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                        "--pipeline.processor.output-dir=" + output,
                        "--pipeline.processor.work-dir=" + output.resolve("work"),
                        "--pipeline.processor.abandon-after=" + abandonAfter);
        instances.add(context);
    }

    private JsonNode report(String runId) throws IOException {
        Path report = output.resolve(runId + ".json");
        await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(report));
        return ReportSchema.readReport(report);
    }
}
