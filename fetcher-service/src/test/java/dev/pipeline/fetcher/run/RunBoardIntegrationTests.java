package dev.pipeline.fetcher.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.Topics;
import dev.pipeline.fetcher.metrics.RunMetrics;
import dev.pipeline.fetcher.task.TaskProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * The board's reading of {@code pipeline.runs} on a real broker: which events a new board sees
 * (committed ones of the last hour), that a value it cannot read is skipped without stopping it,
 * and that it reads without a consumer group, so it commits nothing anywhere.
 */
@EmbeddedKafka(partitions = 3, topics = Topics.RUNS)
class RunBoardIntegrationTests {

    private static final byte[] NOT_AN_EVENT = "{\"type\":\"started\",\"runId\":".getBytes(StandardCharsets.UTF_8);

    private RunBoard board;

    @AfterEach
    void stopBoard() {
        if (board != null) {
            board.stop();
            assertThat(board.isRunning()).isFalse();
        }
    }

    @Test
    void aNewBoardReadsTheLastHourOfCommittedEventsSkippingWhatItCannotRead(EmbeddedKafkaBroker broker)
            throws Exception {
        Instant now = Instant.now();
        try (Producer<String, byte[]> producer = producer(broker, Map.of())) {
            // Partition 0: a run older than the look-back, then one within it.
            send(producer, 0, now.minus(Duration.ofHours(2)), started("run-before-the-look-back"));
            send(producer, 0, now.minus(Duration.ofMinutes(10)), started("run-within-the-look-back"));
            // Partition 1: nothing within the look-back, so the board starts at its end, not its beginning.
            send(producer, 1, now.minus(Duration.ofHours(2)), started("run-only-old-events"));
            // Partition 2: a value that is no event, then an event.
            producer.send(new ProducerRecord<>(
                            Topics.RUNS,
                            2,
                            now.minus(Duration.ofMinutes(5)).toEpochMilli(),
                            "run-unreadable",
                            NOT_AN_EVENT))
                    .get();
            send(producer, 2, now.minus(Duration.ofMinutes(5)), started("run-after-an-unreadable-value"));
        }

        board = board(broker);
        board.start();
        assertThat(board.isRunning()).isTrue();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> board.find("run-within-the-look-back").isPresent()
                        && board.find("run-after-an-unreadable-value").isPresent());
        try (Producer<String, byte[]> producer = producer(broker, Map.of());
                Producer<String, byte[]> transactional =
                        producer(broker, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "run-board-test"))) {
            // Read as they come, after an unreadable one too.
            producer.send(new ProducerRecord<>(Topics.RUNS, 0, "run-unreadable", NOT_AN_EVENT))
                    .get();
            send(producer, 0, Instant.now(), started("run-started-later"));
            // Aborted: never seen. The committed event after it shows the board has read past it.
            transactional.initTransactions();
            transactional.beginTransaction();
            send(transactional, 1, Instant.now(), started("run-aborted"));
            transactional.abortTransaction();
            send(producer, 1, Instant.now(), started("run-after-an-aborted-one"));
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> board.find("run-started-later").isPresent()
                        && board.find("run-after-an-aborted-one").isPresent());

        assertThat(board.recent())
                .extracting(TrackedRun::runId)
                .containsExactlyInAnyOrder(
                        "run-within-the-look-back",
                        "run-after-an-unreadable-value",
                        "run-started-later",
                        "run-after-an-aborted-one");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            assertThat(admin.listGroups().all().get())
                    .as("groups the board joined or committed to")
                    .isEmpty();
        }
    }

    @Test
    void aProcessorsAnnouncementShowsWhereTheRunsReportIs(EmbeddedKafkaBroker broker) throws Exception {
        board = board(broker);
        board.start();
        try (Producer<String, byte[]> producer = producer(broker, Map.of())) {
            send(producer, 0, Instant.now(), started("run-reported"));
            send(
                    producer,
                    0,
                    Instant.now(),
                    new RunEvent.Reported(
                            "run-reported",
                            "COMPLETE",
                            "s3://reports/run-reported.json",
                            "ef".repeat(32),
                            99L,
                            "processor-0",
                            "http://processor-0:8081",
                            Instant.now()));
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> board.find("run-reported")
                        .map(run -> run.view().report() != null)
                        .orElse(false));
        RunView.ReportView report =
                board.find("run-reported").orElseThrow().view().report();
        assertThat(report.state()).isEqualTo("COMPLETE");
        assertThat(report.location()).isEqualTo("s3://reports/run-reported.json");
        assertThat(report.sha256()).isEqualTo("ef".repeat(32));
        assertThat(report.processor()).isEqualTo("processor-0");
        assertThat(board.find("run-reported").orElseThrow().state())
                .as("the fetch's own state")
                .isEqualTo(dev.pipeline.common.FetchState.RUNNING);
    }

    /** As the fetcher is configured: its consumers in {@code pipeline-fetchers}, from the earliest offset. */
    private static RunBoard board(EmbeddedKafkaBroker broker) {
        KafkaProperties kafka = new KafkaProperties();
        kafka.setBootstrapServers(List.of(broker.getBrokersAsString()));
        kafka.getConsumer().setGroupId(Topics.FETCHER_GROUP);
        kafka.getConsumer().setAutoOffsetReset("earliest");
        return new RunBoard(
                kafka, mock(RunMetrics.class), new TaskProperties("board-test", 1, 5000, 500, 8, 0, Duration.ZERO));
    }

    private static RunEvent.Started started(String runId) {
        return new RunEvent.Started(runId, List.of("shop"), Instant.now(), Map.of(), List.of("shop:p0"));
    }

    private static void send(Producer<String, byte[]> producer, int partition, Instant timestamp, RunEvent event)
            throws Exception {
        producer.send(new ProducerRecord<>(
                        Topics.RUNS,
                        partition,
                        timestamp.toEpochMilli(),
                        event.runId(),
                        PipelineJson.mapper().writeValueAsBytes(event)))
                .get();
    }

    private static Producer<String, byte[]> producer(EmbeddedKafkaBroker broker, Map<String, Object> more) {
        Map<String, Object> properties =
                new java.util.HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
        properties.putAll(more);
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }
}
