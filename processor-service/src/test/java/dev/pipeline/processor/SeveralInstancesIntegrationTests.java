package dev.pipeline.processor;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/**
 * Two processor instances in one consumer group, sharing the output directory: each run gets
 * exactly one complete report, whoever holds its events and whichever products partitions.
 */
@EmbeddedKafka(
        partitions = 3,
        topics = {Topics.PRODUCTS, Topics.RUNS})
class SeveralInstancesIntegrationTests {

    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();
    private Path output;
    private KafkaTemplate<String, Object> kafka;

    @BeforeEach
    void setUp(EmbeddedKafkaBroker broker) throws IOException {
        output = Files.createTempDirectory("several-instances");
        kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                KafkaTestUtils.producerProps(broker),
                new StringSerializer(),
                new JacksonJsonSerializer<>().noTypeInfo()));
    }

    @AfterEach
    void tearDown() throws IOException {
        instances.forEach(ConfigurableApplicationContext::close);
        kafka.destroy();
        FileSystemUtils.deleteRecursively(output);
    }

    private ConfigurableApplicationContext startInstance(EmbeddedKafkaBroker broker, String name) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ProcessorApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                        "--spring.kafka.consumer.group-id=several-instances",
                        "--pipeline.processor.output-dir=" + output,
                        "--pipeline.processor.work-dir=" + output.resolve("work-" + name),
                        "--spring.kafka.consumer.properties.session.timeout.ms=6000",
                        "--spring.kafka.consumer.properties.heartbeat.interval.ms=500");
        instances.add(context);
        return context;
    }

    private void awaitGroupMembers(EmbeddedKafkaBroker broker, int members) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() -> admin
                                            .describeConsumerGroups(List.of("several-instances"))
                                            .all()
                                            .get()
                                            .get("several-instances")
                                            .members()
                                            .stream()
                                            .mapToInt(m -> m.assignment()
                                                    .topicPartitions()
                                                    .size())
                                            .sum()
                                    == 6
                            && admin.describeConsumerGroups(List.of("several-instances"))
                                            .all()
                                            .get()
                                            .get("several-instances")
                                            .members()
                                            .size()
                                    >= members);
        }
    }

    @Test
    void twoInstancesWriteExactlyOneCompleteReportPerRun(EmbeddedKafkaBroker broker) throws Exception {
        startInstance(broker, "a");
        startInstance(broker, "b");
        awaitGroupMembers(broker, 12);

        List<String> runs = List.of("run-two-a", "run-two-b", "run-two-c");
        for (String runId : runs) {
            publishRun(runId, 300);
        }

        for (String runId : runs) {
            assertCompleteReport(runId, 300);
        }
        try (Stream<Path> files = Files.list(output)) {
            assertThat(files.filter(Files::isRegularFile)
                            .map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("run-two-a.json", "run-two-b.json", "run-two-c.json");
        }
    }

    @Test
    void aRebalanceWhileARunIsInFlightStillGivesOneCompleteReport(EmbeddedKafkaBroker broker) throws Exception {
        ConfigurableApplicationContext first = startInstance(broker, "first");
        startInstance(broker, "second");
        awaitGroupMembers(broker, 12);
        String runId = "run-rebalanced";
        kafka.send(Topics.RUNS, runId, TaskRuns.started(runId, List.of("shop"), endOffsets(broker)))
                .get();
        Map<Integer, Long> lastOffsets = new HashMap<>();
        List<ProductRecord> products = products(runId, 400);
        for (ProductRecord product : products.subList(0, 200)) {
            send(product, lastOffsets);
        }

        first.close();
        instances.remove(first);
        for (ProductRecord product : products.subList(200, 400)) {
            send(product, lastOffsets);
        }
        kafka.send(
                        Topics.RUNS,
                        runId,
                        TaskRuns.done(runId, "shop", new SourceStats(4, 4, 0, 0, 400, 0), lastOffsets, 400))
                .get();

        assertCompleteReport(runId, 400);
    }

    private void publishRun(String runId, int count) throws Exception {
        kafka.send(Topics.RUNS, runId, TaskRuns.started(runId, List.of("shop"))).get();
        Map<Integer, Long> lastOffsets = new HashMap<>();
        for (ProductRecord product : products(runId, count)) {
            send(product, lastOffsets);
        }
        kafka.send(
                        Topics.RUNS,
                        runId,
                        TaskRuns.done(runId, "shop", new SourceStats(3, 3, 0, 0, count, 0), lastOffsets, count))
                .get();
    }

    private void send(ProductRecord product, Map<Integer, Long> lastOffsets) throws Exception {
        SendResult<String, Object> sent =
                kafka.send(Topics.PRODUCTS, product.key(), product).get();
        lastOffsets.merge(
                sent.getRecordMetadata().partition(), sent.getRecordMetadata().offset(), Math::max);
    }

    private static List<ProductRecord> products(String runId, int count) {
        List<ProductRecord> products = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            products.add(new ProductRecord(
                    ProductRecord.CURRENT_VERSION,
                    runId,
                    "shop",
                    Integer.toString(i),
                    "Item " + i,
                    (double) i,
                    "c" + (i % 4),
                    "http://upstream/shop",
                    Instant.now(),
                    Map.of()));
        }
        return products;
    }

    private void assertCompleteReport(String runId, int count) throws IOException {
        Path report = output.resolve(runId + ".json");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(report));
        JsonNode json = ReportSchema.readReport(report);
        assertThat(json.get("summary").get("total_products").asInt()).isEqualTo(count);
        List<String> ids = new ArrayList<>();
        json.get("products").forEach(p -> ids.add(p.get("id").asString()));
        assertThat(ids)
                .containsExactlyElementsOf(Stream.iterate(1, i -> i + 1)
                        .limit(count)
                        .map(String::valueOf)
                        .toList());
        assertThat(json.get("metrics").get("price_metrics").get("median_price").asDouble())
                .isEqualTo((count + 1) / 2.0);
        assertThat(json.get("metrics").get("category_distribution").get("c1").asInt())
                .isEqualTo(count / 4);
    }

    private static Map<Integer, Long> endOffsets(EmbeddedKafkaBroker broker) {
        var props = KafkaTestUtils.consumerProps(broker, "end-offsets", false);
        try (var consumer = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(), new StringDeserializer())
                .createConsumer()) {
            List<TopicPartition> partitions = Stream.of(0, 1, 2)
                    .map(p -> new TopicPartition(Topics.PRODUCTS, p))
                    .toList();
            Map<Integer, Long> ends = new HashMap<>();
            consumer.endOffsets(partitions).forEach((p, offset) -> ends.put(p.partition(), offset));
            return ends;
        }
    }
}
