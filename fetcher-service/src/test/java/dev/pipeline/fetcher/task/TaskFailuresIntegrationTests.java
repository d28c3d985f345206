package dev.pipeline.fetcher.task;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pipeline.common.FetchTask;
import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.RunIds;
import dev.pipeline.common.Topics;
import dev.pipeline.fetcher.RunRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
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
 * Tasks that fail on a real (embedded) broker: a failing task's transaction is rolled back each
 * time, so nothing it published is seen; it is tried again with backoff, then goes to the
 * dead-letter topic with its reason and ends its run as an error instead of holding it open.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 3)
class TaskFailuresIntegrationTests {

    private static final WireMockServer API =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    /** A title that does not compress: the one product's record is larger than its topic takes. */
    private static final String TITLE = new java.util.Random(7)
            .ints(1_000, 'a', 'z' + 1)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();

    static {
        API.start();
    }

    @Autowired
    EmbeddedKafkaBroker broker;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void sources(DynamicPropertyRegistry registry) {
        registry.add("pipeline.sources[0].name", () -> "oversized");
        registry.add("pipeline.sources[0].url", () -> "http://127.0.0.1:" + API.port() + "/oversized");
        registry.add("pipeline.sources[0].items", () -> "/items");
        registry.add("pipeline.tasks.retries", () -> "2");
        registry.add("pipeline.tasks.retry-backoff", () -> "500ms");
    }

    @AfterAll
    static void stopApi() {
        API.stop();
    }

    @Test
    void aTaskThatKeepsFailingIsRetriedWithBackoffThenDeadLetteredAndEndsItsRunAsAnError() throws Exception {
        API.stubFor(get(urlPathEqualTo("/oversized"))
                .willReturn(okJson("{\"items\":[{\"id\":1,\"title\":\"" + TITLE + "\",\"price\":1.5}]}")));
        // The broker refuses the products batch (the other topics keep the default limit), as a
        // topic set up with a smaller max.message.bytes than the producer's would.
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            admin.incrementalAlterConfigs(Map.of(
                            new ConfigResource(ConfigResource.Type.TOPIC, Topics.PRODUCTS),
                            List.of(new AlterConfigOp(
                                    new ConfigEntry("max.message.bytes", "600"), AlterConfigOp.OpType.SET))))
                    .all()
                    .get();
        }

        RunRecords run = RunRecords.run(port, broker, "oversized");

        assertThat(run.products())
                .as("nothing of the failed attempts is committed")
                .isEmpty();
        List<RunEvent.TaskStarted> attempts = run.events().stream()
                .filter(RunEvent.TaskStarted.class::isInstance)
                .map(RunEvent.TaskStarted.class::cast)
                .toList();
        assertThat(attempts).as("the first try and two retries").hasSize(3);
        assertThat(Duration.between(
                        attempts.getFirst().startedAt(), attempts.getLast().startedAt()))
                .as("backoff of 500 ms, then 1 s")
                .isGreaterThanOrEqualTo(Duration.ofMillis(1_500));
        List<RunEvent.TaskDone> done = run.events().stream()
                .filter(RunEvent.TaskDone.class::isInstance)
                .map(RunEvent.TaskDone.class::cast)
                .toList();
        assertThat(done).singleElement().satisfies(task -> {
            assertThat(task.taskId()).isEqualTo("oversized:p0");
            assertThat(task.failure()).startsWith("task dead-lettered: ").contains("larger than");
            assertThat(task.endpoint()).endsWith("/oversized");
        });
        assertThat(deadLetters()).anySatisfy(record -> {
            assertThat(record.key()).isEqualTo(FetchTask.key(done.getFirst().runId(), "oversized:p0"));
            assertThat(new String(
                            record.headers()
                                    .lastHeader("kafka_dlt-exception-message")
                                    .value(),
                            StandardCharsets.UTF_8))
                    .contains("larger than");
        });
    }

    @Test
    void aTaskForASourceThisFetcherDoesNotHaveGoesStraightToTheDeadLetterTopic() throws Exception {
        String runId = RunIds.newId(Instant.now());
        FetchTask task = FetchTask.walk(runId, "retired", "http://127.0.0.1:9/items", 0, 0);
        RecordMetadata sent;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", broker.getBrokersAsString()),
                new StringSerializer(),
                new StringSerializer())) {
            sent = producer.send(new ProducerRecord<>(
                            Topics.FETCH_TASKS,
                            task.key(),
                            PipelineJson.mapper().writeValueAsString(task)))
                    .get();
        }

        await().atMost(Duration.ofSeconds(30))
                .until(() -> runEvents(runId).stream().anyMatch(RunEvent.TaskDone.class::isInstance));

        List<RunEvent> events = runEvents(runId);
        assertThat(events)
                .filteredOn(RunEvent.TaskStarted.class::isInstance)
                .as("not tried: it never could succeed")
                .isEmpty();
        assertThat(events)
                .filteredOn(RunEvent.TaskDone.class::isInstance)
                .singleElement()
                .satisfies(e -> assertThat(((RunEvent.TaskDone) e).failure())
                        .isEqualTo("task dead-lettered: source 'retired' is not configured on this fetcher"));
        assertThat(deadLetters()).extracting(ConsumerRecord::key).contains(task.key());
        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(admin.listConsumerGroupOffsets(Topics.FETCHER_GROUP)
                                    .partitionsToOffsetAndMetadata()
                                    .get()
                                    .get(partition))
                            .as("the dead-lettered task's offset is committed with it")
                            .isNotNull()
                            .satisfies(
                                    committed -> assertThat(committed.offset()).isGreaterThan(sent.offset())));
        }
    }

    @Test
    void anUnreadableTaskGoesToTheDeadLetterTopicAsTheBytesItCameAsAndEndsItsRun() throws Exception {
        String runId = RunIds.newId(Instant.now());
        String key = FetchTask.key(runId, "garbled:p0");
        String garbled = "{\"runId\": not json";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", broker.getBrokersAsString()),
                new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.FETCH_TASKS, key, garbled))
                    .get();
        }

        await().atMost(Duration.ofSeconds(30))
                .until(() -> runEvents(runId).stream().anyMatch(RunEvent.TaskDone.class::isInstance));

        assertThat(runEvents(runId))
                .filteredOn(RunEvent.TaskDone.class::isInstance)
                .singleElement()
                .satisfies(e -> assertThat(((RunEvent.TaskDone) e).source()).isEqualTo("garbled"));
        assertThat(deadLetters())
                .filteredOn(record -> record.key().equals(key))
                .singleElement()
                .satisfies(record -> assertThat(record.value())
                        .as("not base64 in a JSON string")
                        .isEqualTo(garbled));
    }

    private List<RunEvent> runEvents(String runId) {
        return RunRecords.readAll(broker, Topics.RUNS).stream()
                .filter(r -> r.key().equals(runId))
                .map(r -> PipelineJson.mapper().readValue(r.value(), RunEvent.class))
                .toList();
    }

    private List<ConsumerRecord<String, String>> deadLetters() {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !RunRecords.readAll(broker, Topics.FETCH_TASKS_DLT).isEmpty());
        return RunRecords.readAll(broker, Topics.FETCH_TASKS_DLT);
    }
}
