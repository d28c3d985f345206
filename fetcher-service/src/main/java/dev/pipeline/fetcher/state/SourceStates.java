package dev.pipeline.fetcher.state;

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
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code pipeline.source-state} as this instance reads and writes it. Read whole, to its end, each
 * time a run starts or the API asks, by a short-lived consumer without a group (committed records
 * only): the topic holds one record per incremental source once compacted, and a stale view could
 * start a run from a cursor a reset has replaced. Written in a transaction, as all the fetcher writes.
 */
@Component
public class SourceStates {

    private static final Logger log = LoggerFactory.getLogger(SourceStates.class);
    static final TopicPartition PARTITION = new TopicPartition(Topics.SOURCE_STATE, 0);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> consumer;
    private final KafkaTemplate<String, Object> kafka;
    private final Duration readTimeout;

    @Autowired
    SourceStates(KafkaProperties properties, KafkaTemplate<String, Object> kafka) {
        this(properties, kafka, READ_TIMEOUT);
    }

    /** @param readTimeout how long a read may take before the topic counts as out of reach */
    SourceStates(KafkaProperties properties, KafkaTemplate<String, Object> kafka, Duration readTimeout) {
        Map<String, Object> consumer = new HashMap<>(properties.buildConsumerProperties());
        consumer.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumer = Map.copyOf(consumer);
        this.kafka = kafka;
        this.readTimeout = readTimeout;
    }

    /**
     * Every source's state, resolved ({@link SourceState#resolve}); a source never advanced nor set has none.
     *
     * @throws StateUnavailableException when the topic cannot be read to its end in time
     */
    public Map<String, SourceState> read() {
        Map<String, List<SourceState>> records = new HashMap<>();
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(consumer)) {
            reader.assign(List.of(PARTITION));
            reader.seekToBeginning(List.of(PARTITION));
            long end = reader.endOffsets(List.of(PARTITION), readTimeout).get(PARTITION);
            long deadline = System.nanoTime() + readTimeout.toNanos();
            while (reader.position(PARTITION, readTimeout) < end) {
                if (System.nanoTime() > deadline) {
                    throw new StateUnavailableException(
                            Topics.SOURCE_STATE + " could not be read to its end within " + readTimeout, null);
                }
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    read(record)
                            .ifPresent(state -> records.computeIfAbsent(record.key(), k -> new ArrayList<>())
                                    .add(state));
                }
            }
        } catch (KafkaException e) {
            throw new StateUnavailableException(Topics.SOURCE_STATE + " could not be read: " + e, e);
        }
        Map<String, SourceState> states = new HashMap<>();
        records.forEach((source, list) -> SourceState.resolve(list).ifPresent(state -> states.put(source, state)));
        return states;
    }

    public Optional<SourceState> read(String source) {
        return Optional.ofNullable(read().get(source));
    }

    /**
     * Writes {@code state} and waits until it is committed.
     *
     * @throws StateUnavailableException when it was not written
     */
    SourceState write(SourceState state) {
        byte[] value = PipelineJson.mapper().writeValueAsBytes(state);
        try {
            kafka.executeInTransaction(operations -> operations.send(
                            new ProducerRecord<>(PARTITION.topic(), PARTITION.partition(), state.source(), value)))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateUnavailableException("interrupted while writing the state of " + state.source(), e);
        } catch (ExecutionException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new StateUnavailableException("the state of " + state.source() + " was not written: " + cause, cause);
        }
        return state;
    }

    private static Optional<SourceState> read(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(PipelineJson.mapper().readValue(record.value(), SourceState.class));
        } catch (RuntimeException e) {
            log.warn(
                    "{} record at offset {} is no source state, skipped: {}",
                    Topics.SOURCE_STATE,
                    record.offset(),
                    e.toString());
            return Optional.empty();
        }
    }
}
