package dev.pipeline.processor.cursor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.SourceState;
import dev.pipeline.common.Topics;
import dev.pipeline.support.testing.CommittedRecords;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * The state topic on a real broker: an advance sent while a fetcher's reset is still in its open
 * transaction lands after the reset, and would be the record compaction keeps — undoing the reset
 * — unless the processor reads past its own write (waiting for that transaction) and repairs.
 */
@EmbeddedKafka(
        partitions = 1,
        topics = Topics.SOURCE_STATE,
        brokerProperties = {"transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class SourceStateLogTests {

    @Test
    void anAdvanceLandingAfterAResetStillOpenIsRepairedSoTheResetIsTheLastRecord(EmbeddedKafkaBroker broker)
            throws Exception {
        KafkaProperties kafka = new KafkaProperties();
        kafka.setBootstrapServers(List.of(broker.getBrokersAsString()));
        SourceStateLog log = new SourceStateLog(kafka);
        Map<String, Object> props = KafkaTestUtils.producerProps(broker);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "fetcher-reset");
        SourceState reset = new SourceState("shop", null, null, Instant.now(), 1, 0L);
        SourceState advance = new SourceState("shop", "2026-01-01T05:00:00Z", "run-1", Instant.now(), 0, 0L);
        try (KafkaProducer<String, byte[]> fetcher =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            fetcher.initTransactions();
            fetcher.beginTransaction();
            fetcher.send(new ProducerRecord<>(
                            Topics.SOURCE_STATE,
                            0,
                            "shop",
                            PipelineJson.mapper().writeValueAsBytes(reset)))
                    .get();

            // The processor advances a run that started before the reset, while the reset is still open.
            CompletableFuture<Void> advancing = CompletableFuture.runAsync(() -> {
                try {
                    log.write(advance);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(1000);
            fetcher.commitTransaction();
            advancing.get();
        } finally {
            log.destroy();
        }

        List<SourceState> written = records(broker);
        assertThat(written.getFirst()).isEqualTo(reset);
        assertThat(written.getLast())
                .as("the last record, which compaction keeps, is the reset: %s", written)
                .isEqualTo(reset);
        assertThat(SourceState.resolve(written)).contains(reset);
    }

    private static List<SourceState> records(EmbeddedKafkaBroker broker) {
        List<SourceState> records = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : CommittedRecords.read(
                KafkaTestUtils.consumerProps(broker, "reader", false),
                SourceStateLog.PARTITION.topic(),
                new ByteArrayDeserializer())) {
            if (record.partition() == SourceStateLog.PARTITION.partition() && record.value() != null) {
                records.add(PipelineJson.mapper().readValue(record.value(), SourceState.class));
            }
        }
        return records;
    }
}
