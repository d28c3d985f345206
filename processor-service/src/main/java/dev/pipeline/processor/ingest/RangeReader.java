package dev.pipeline.processor.ingest;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunEnd;
import dev.pipeline.common.Topics;
import dev.pipeline.processor.run.OpenRun;
import dev.pipeline.processor.run.RangeRead;
import dev.pipeline.processor.run.RunLedger;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;

/**
 * Reads a run's records from the products partitions another instance consumes, from where the
 * run started on each to the last offset its tasks name ({@link RunEnd}): with several processor
 * instances, the one that owns a run's events writes the report, and this is how it gets the rest. A
 * consumer of its own, outside the group, assigned the partitions and seeking to the run's start.
 */
@Component
class RangeReader implements RangeRead {

    private final Map<String, Object> consumerProperties;
    private final RunLedger ledger;

    RangeReader(KafkaProperties kafka, RunLedger ledger) {
        Map<String, Object> properties = new HashMap<>(kafka.buildConsumerProperties());
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumerProperties = Map.copyOf(properties);
        this.ledger = ledger;
    }

    @Override
    public void read(OpenRun run, Collection<Integer> partitions) {
        RunEnd runEnd = run.end();
        Map<Integer, Long> start =
                run.started() == null ? Map.of() : run.started().startOffsets();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties)) {
            Map<TopicPartition, Long> last = new HashMap<>();
            partitions.forEach(p -> last.put(
                    new TopicPartition(Topics.PRODUCTS, p), runEnd.lastOffsets().get(p)));
            consumer.assign(last.keySet());
            last.keySet().forEach(p -> consumer.seek(p, start.getOrDefault(p.partition(), 0L)));
            while (!last.isEmpty()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    Long end = last.get(partition);
                    if (end != null && record.offset() <= end) {
                        accept(run, record, partition);
                    }
                }
                last.keySet().removeIf(p -> consumer.position(p) > last.get(p));
                consumer.pause(consumer.assignment().stream()
                        .filter(p -> !last.containsKey(p))
                        .toList());
            }
        }
    }

    private void accept(OpenRun run, ConsumerRecord<String, byte[]> record, TopicPartition partition) {
        ProductRecord product;
        try {
            product = PipelineJson.mapper().readValue(record.value(), ProductRecord.class);
        } catch (JacksonException | NullPointerException | IllegalArgumentException e) {
            if (mentions(record.value(), run.runId())) {
                ledger.unreadableFromRange(run, partition, record.offset(), "unreadable record: " + e.getMessage());
            } else {
                ledger.unattributedFromRange(partition, record.offset());
            }
            return;
        }
        if (!run.runId().equals(product.runId())) {
            return;
        }
        if (product.version() != ProductRecord.CURRENT_VERSION || product.title() == null) {
            ledger.unreadableFromRange(
                    run,
                    partition,
                    record.offset(),
                    "unreadable record: unsupported product record version " + product.version());
        } else {
            ledger.productFromRange(run, product, partition, record.offset(), Attempts.of(record.headers()));
        }
    }

    private static boolean mentions(byte[] value, String runId) {
        return value != null
                && new String(value, java.nio.charset.StandardCharsets.UTF_8).contains("\"" + runId + "\"");
    }
}
