package dev.pipeline.support.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A topic's committed records, every partition from its beginning, for tests that read what a service wrote in
 * transactions.
 *
 * <p>Reading up to a {@code read_committed} consumer's end offsets is not enough. A producer's
 * {@code commitTransaction} returns once the transaction coordinator has logged its decision; the commit markers reach
 * the data partitions after that. Until a partition has its marker, its last stable offset stays before the
 * transaction's records, so a reader that stops there misses records of a transaction that has committed (a run the
 * fetcher reported as fetched read back 90 of its 194 products in CI). So this reader first waits, for up to
 * {@link #SETTLE}, until each partition's stable end has caught up with its high watermark, when no transaction on it
 * is open or waiting for its marker, and then reads to the stable end. A transaction still open after that is one
 * that has not committed (a task still running, or one a killed fetcher left until the broker aborts it): what it
 * wrote is not read, as no {@code read_committed} consumer reads it.
 */
public final class CommittedRecords {

    /**
     * How long the markers of committed transactions are waited for: they follow the commit by milliseconds, even on a
     * loaded machine; a test that killed a fetcher mid-transaction pays this once per read.
     */
    private static final Duration SETTLE = Duration.ofSeconds(5);

    private CommittedRecords() {}

    public static List<ConsumerRecord<String, String>> read(String bootstrapServers, String topic) {
        return read(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topic, new StringDeserializer());
    }

    /**
     * @param consumerProperties at least {@code bootstrap.servers}; the isolation level and deserializers are set here
     */
    public static <V> List<ConsumerRecord<String, V>> read(
            Map<String, Object> consumerProperties, String topic, Deserializer<V> values) {
        Map<String, Object> committed = new HashMap<>(consumerProperties);
        committed.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Object> uncommitted = new HashMap<>(consumerProperties);
        uncommitted.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (KafkaConsumer<String, V> reader = new KafkaConsumer<>(committed, new StringDeserializer(), values);
                KafkaConsumer<byte[], byte[]> watermarks =
                        new KafkaConsumer<>(uncommitted, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = reader.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            Map<TopicPartition, Long> end = settledEnd(reader, watermarks, partitions);
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            List<ConsumerRecord<String, V>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> reader.position(p) < end.get(p))) {
                reader.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static Map<TopicPartition, Long> settledEnd(
            KafkaConsumer<?, ?> reader, KafkaConsumer<?, ?> watermarks, List<TopicPartition> partitions) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            Map<TopicPartition, Long> stable = reader.endOffsets(partitions);
            Map<TopicPartition, Long> high = watermarks.endOffsets(partitions);
            if (stable.equals(high)) {
                return stable;
            }
            if (System.nanoTime() - deadline > 0) {
                return stable; // a transaction open that long has not committed
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for transactions to resolve", e);
            }
        }
    }
}
