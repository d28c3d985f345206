package dev.pipeline.processor.announce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.Topics;
import dev.pipeline.common.report.ReportState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * An announcement that cannot be written (here: {@code pipeline.runs} does not exist yet, and the
 * broker creates no topic by itself) is not dropped: it is sent again in the background until it
 * is written.
 */
@EmbeddedKafka(brokerProperties = "auto.create.topics.enable=false")
class ReportAnnouncerTests {

    @Test
    void anAnnouncementThatCannotBeWrittenIsSentAgainUntilItIs(EmbeddedKafkaBroker broker) throws Exception {
        Map<String, Object> producer = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                500,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                500,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                1000);
        ReportAnnouncer announcer = new ReportAnnouncer(
                producer,
                "processor-a",
                "http://processor-a:8081",
                Duration.ofSeconds(2),
                Duration.ofMillis(200),
                null,
                null,
                null,
                new SimpleMeterRegistry());
        try {
            announcer.announce("run-late", ReportState.COMPLETE, "file:///out/run-late.json", "ab".repeat(32), 42L);
            assertThat(announcer.isPending("run-late"))
                    .as("not written: the topic is missing")
                    .isTrue();

            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
                admin.createTopics(List.of(new NewTopic(Topics.RUNS, 1, (short) 1)))
                        .all()
                        .get();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> !announcer.isPending("run-late"));

            List<RunEvent.Reported> written = announcements(broker);
            assertThat(written).isNotEmpty().allSatisfy(reported -> {
                assertThat(reported.runId()).isEqualTo("run-late");
                assertThat(reported.state()).isEqualTo("COMPLETE");
                assertThat(reported.location()).isEqualTo("file:///out/run-late.json");
                assertThat(reported.sha256()).isEqualTo("ab".repeat(32));
                assertThat(reported.bytes()).isEqualTo(42L);
                assertThat(reported.processor()).isEqualTo("processor-a");
                assertThat(reported.processorUrl()).isEqualTo("http://processor-a:8081");
                assertThat(reported.reportedAt()).isNotNull();
            });
        } finally {
            announcer.destroy();
        }
    }

    private static List<RunEvent.Reported> announcements(EmbeddedKafkaBroker broker) {
        TopicPartition partition = new TopicPartition(Topics.RUNS, 0);
        List<RunEvent.Reported> read = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", broker.getBrokersAsString()),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    read.add((RunEvent.Reported) PipelineJson.mapper().readValue(record.value(), RunEvent.class));
                }
            }
        }
        return read;
    }
}
