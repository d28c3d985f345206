package dev.pipeline.bench;

import dev.pipeline.cli.stack.PipelineFailure;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;

/** How many partitions the pipeline's topic has (the record size is {@link KafkaPerf#averageRecordBytes}). */
final class RecordSizes {

    static final String PRODUCTS_TOPIC = "pipeline.products";

    private RecordSizes() {}

    static int partitions(String bootstrapServers, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            TopicDescription description = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic);
            return description.partitions().size();
        } catch (Exception ex) {
            if (ex instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new PipelineFailure("cannot describe the topic " + topic + ": " + ex.getMessage(), ex);
        }
    }
}
