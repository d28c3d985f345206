package dev.pipeline.processor;

import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The output directory goes away while a run completes (a disk unmounted, a volume full): the
 * report is retried with backoff until the disk is back, and nothing is dead-lettered.
 */
@SpringBootTest
@EmbeddedKafka(partitions = 1, topics = {Topics.PRODUCTS, Topics.RUNS})
class TransientFailureIntegrationTests {

    private static Path root;

    @Autowired
    EmbeddedKafkaBroker broker;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        root = Files.createTempDirectory("transient");
        registry.add("pipeline.processor.output-dir", () -> root.resolve("out").toString());
        registry.add("pipeline.processor.work-dir", () -> root.resolve("work").toString());
        registry.add("server.port", () -> "0");
    }

    @AfterAll
    static void deleteRoot() throws IOException {
        FileSystemUtils.deleteRecursively(root);
    }

    @Test
    void aReportThatCannotBeWrittenIsRetriedUntilItCanNeverDeadLettered() throws Exception {
        Path out = root.resolve("out");
        FileSystemUtils.deleteRecursively(out);
        Files.writeString(out, "not a directory");

        KafkaTemplate<String, Object> kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                KafkaTestUtils.producerProps(broker), new StringSerializer(), new JacksonJsonSerializer<>().noTypeInfo()));
        String runId = "run-disk-away";
        kafka.send(Topics.RUNS, runId, new RunEvent.Started(runId, List.of("shop"), Instant.now())).get();
        ProductRecord product = new ProductRecord(ProductRecord.CURRENT_VERSION, runId, "shop", "1", "Lamp", 5.0,
                "home", "http://upstream/shop", Instant.now(), Map.of());
        SendResult<String, Object> sent = kafka.send(Topics.PRODUCTS, product.key(), product).get();
        kafka.send(Topics.RUNS, runId, new RunEvent.Fetched(runId,
                Map.of(sent.getRecordMetadata().partition(), sent.getRecordMetadata().offset()), 1, Instant.now())).get();

        // Long enough for several failed attempts with backoff (200 ms, 400 ms, 800 ms, ...).
        Thread.sleep(2_000);
        assertThat(Files.isRegularFile(out)).isTrue();
        Files.delete(out);
        Files.createDirectories(out);

        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(out.resolve(runId + ".json")));
        assertThat(Files.readString(out.resolve(runId + ".json"))).contains("\"total_products\" : 1");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            var dlt = new TopicPartition(Topics.PRODUCTS_DLT, 0);
            var runsDlt = new TopicPartition(Topics.RUNS + ".DLT", 0);
            var ends = admin.listOffsets(Map.of(dlt, org.apache.kafka.clients.admin.OffsetSpec.latest(),
                    runsDlt, org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get();
            assertThat(ends.get(dlt).offset()).isZero();
            assertThat(ends.get(runsDlt).offset()).isZero();
        }
        kafka.destroy();
    }
}
