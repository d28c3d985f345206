package dev.pipeline.processor.cursor;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.SourceState;
import dev.pipeline.common.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * {@code pipeline.source-state} as the processor reads and writes it: a source's records read to
 * the topic's end (committed ones only, the fetchers' sets and resets are transactional) and
 * resolved as {@link SourceState#resolve} says; a state written and acknowledged by every replica
 * before the write returns. The fetcher creates the topic.
 */
@Component
class SourceStateLog implements StateLog, DisposableBean {

    static final TopicPartition PARTITION = new TopicPartition(Topics.SOURCE_STATE, 0);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Writes of the resolved state after a race; each writer repairs what it finds, so a few are plenty. */
    private static final int MAX_REPAIRS = 3;

    private final Map<String, Object> consumer;
    private final KafkaProducer<String, byte[]> producer;

    SourceStateLog(KafkaProperties kafka) {
        Map<String, Object> consumer = new HashMap<>(kafka.buildConsumerProperties());
        consumer.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumer = Map.copyOf(consumer);
        Map<String, Object> producer = new HashMap<>(kafka.buildProducerProperties());
        producer.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public Optional<SourceState> read(String source) {
        return SourceState.resolve(records(source, -1));
    }

    /**
     * Every record of {@code source} still in the topic, in the order written, read to its end and
     * at least past offset {@code through}. Committed records only: the end a reader sees stops at
     * a transaction still open (a fetcher's set or reset), so reading past a record written after
     * one waits for that transaction to end, and then sees it.
     */
    private List<SourceState> records(String source, long through) {
        List<SourceState> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(consumer)) {
            reader.assign(List.of(PARTITION));
            reader.seekToBeginning(List.of(PARTITION));
            long end = reader.endOffsets(List.of(PARTITION), TIMEOUT).get(PARTITION);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (reader.position(PARTITION, TIMEOUT) < Math.max(end, through + 1)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            Topics.SOURCE_STATE + " could not be read to its end in " + TIMEOUT);
                }
                if (reader.position(PARTITION, TIMEOUT) >= end) {
                    end = reader.endOffsets(List.of(PARTITION), TIMEOUT).get(PARTITION);
                }
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    if (source.equals(record.key()) && record.value() != null) {
                        records.add(PipelineJson.mapper().readValue(record.value(), SourceState.class));
                    }
                }
            }
        }
        return records;
    }

    /**
     * Writes the state, then reads the source's records back: should another instance's advance
     * of an older run have landed after a newer one (both read the same state before writing),
     * the resolved state is written again, so that it is the last record, the one compaction keeps.
     */
    @Override
    public void write(SourceState state) throws ExecutionException, InterruptedException {
        long written = send(state);
        for (int i = 0; i < MAX_REPAIRS; i++) {
            // Read past this write: a fetcher's reset still open before it is seen once it commits, so an
            // advance that landed after a newer reset is repaired, not left last for compaction to keep.
            Optional<SourceState> repair = SourceState.repair(records(state.source(), written));
            if (repair.isEmpty()) {
                return;
            }
            written = send(repair.get());
        }
    }

    /** @return the offset written at */
    private long send(SourceState state) throws ExecutionException, InterruptedException {
        return producer.send(new ProducerRecord<>(
                        PARTITION.topic(),
                        PARTITION.partition(),
                        state.source(),
                        PipelineJson.mapper().writeValueAsBytes(state)))
                .get()
                .offset();
    }

    @Override
    public void destroy() {
        producer.close(Duration.ofSeconds(5));
    }
}
