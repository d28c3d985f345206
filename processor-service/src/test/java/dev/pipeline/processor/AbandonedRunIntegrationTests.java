package dev.pipeline.processor;

import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A run whose fetcher died before its final event is given up after {@code abandon-after}: it
 * gets no report (nothing can claim it complete) and stops holding back the offsets of its partitions.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 1, topics = {Topics.PRODUCTS, Topics.RUNS})
class AbandonedRunIntegrationTests {

    private static Path root;

    @Autowired
    EmbeddedKafkaBroker broker;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        root = Files.createTempDirectory("abandoned");
        registry.add("pipeline.processor.output-dir", () -> root.resolve("out").toString());
        registry.add("pipeline.processor.work-dir", () -> root.resolve("work").toString());
        registry.add("pipeline.processor.abandon-after", () -> "3s");
    }

    @AfterAll
    static void deleteRoot() throws IOException {
        FileSystemUtils.deleteRecursively(root);
    }

    @Test
    void aRunThatNeverGetsItsFinalEventIsGivenUpAndItsOffsetsCommitted() throws Exception {
        KafkaTemplate<String, Object> kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                KafkaTestUtils.producerProps(broker), new StringSerializer(), new JacksonJsonSerializer<>().noTypeInfo()));
        String runId = "run-orphaned";
        kafka.send(Topics.RUNS, runId, new RunEvent.Started(runId, List.of("shop"), Instant.now())).get();
        ProductRecord product = new ProductRecord(ProductRecord.CURRENT_VERSION, runId, "shop", "1", "Lamp", 5.0,
                "home", "http://upstream/shop", Instant.now(), Map.of());
        SendResult<String, Object> sent = kafka.send(Topics.PRODUCTS, product.key(), product).get();
        kafka.destroy();

        await().atMost(Duration.ofSeconds(30)).until(() -> status(runId).statusCode() == 200);
        await().atMost(Duration.ofSeconds(60)).until(() -> status(runId).statusCode() == 404);

        TopicPartition partition = new TopicPartition(Topics.PRODUCTS, sent.getRecordMetadata().partition());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets("pipeline-processor")
                        .partitionsToOffsetAndMetadata().get().get(partition);
                assertThat(committed).isNotNull();
                assertThat(committed.offset()).isGreaterThan(sent.getRecordMetadata().offset());
            });
        }
        assertThat(root.resolve("out").resolve(runId + ".json")).doesNotExist();
    }

    private HttpResponse<String> status(String runId) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/runs/" + runId)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
