package dev.pipeline.fetcher.schedule;

import dev.pipeline.common.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * The settings of the two consumers of {@code pipeline.schedules}: the service's Kafka settings
 * (brokers, session timeout), committed records only, nothing committed automatically, values as
 * bytes (read with {@code PipelineJson}).
 */
@Component
class ScheduleConsumers {

    private final Map<String, Object> common;

    ScheduleConsumers(KafkaProperties kafka) {
        Map<String, Object> properties = new HashMap<>(kafka.buildConsumerProperties());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.common = Map.copyOf(properties);
    }

    /**
     * A member of {@link Topics#SCHEDULER_GROUP}. Cooperative and sticky, so that another instance
     * joining or leaving does not take the partition from its owner even for a moment.
     */
    Map<String, Object> owner(String instanceId) {
        Map<String, Object> properties = new HashMap<>(common);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, Topics.SCHEDULER_GROUP);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "scheduler-" + instanceId);
        properties.put(
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                List.of(CooperativeStickyAssignor.class.getName()));
        return properties;
    }

    /** No group: every instance reads the whole partition for {@code GET /api/schedules}. */
    Map<String, Object> reader() {
        Map<String, Object> properties = new HashMap<>(common);
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return properties;
    }
}
