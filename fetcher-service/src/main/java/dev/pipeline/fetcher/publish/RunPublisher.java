package dev.pipeline.fetcher.publish;

import dev.pipeline.common.RunEvent;
import dev.pipeline.common.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Opens a {@link RunSink} per run, once the run's start is on Kafka. */
@Component
public class RunPublisher implements AutoCloseable {

    private final KafkaTemplate<String, Object> kafka;
    private final Admin admin;

    RunPublisher(KafkaTemplate<String, Object> kafka, KafkaAdmin kafkaAdmin) {
        this.kafka = kafka;
        this.admin = Admin.create(kafkaAdmin.getConfigurationProperties());
    }

    /**
     * Publishes the run's first event and waits for it, so nothing of the run can precede it. The
     * event carries where the products partitions end now: the run's records all come after.
     */
    public RunSink start(String runId, List<String> sources, Instant now) throws RunPublishException, InterruptedException {
        RunEvent.Started started;
        try {
            started = new RunEvent.Started(runId, sources, now, productsEndOffsets());
            kafka.send(Topics.RUNS, runId, started).get();
        } catch (ExecutionException e) {
            throw new RunPublishException(runId, e.getCause());
        }
        return new RunSink(runId, kafka);
    }

    private Map<Integer, Long> productsEndOffsets() throws ExecutionException, InterruptedException {
        TopicDescription products = admin.describeTopics(List.of(Topics.PRODUCTS)).allTopicNames().get()
                .get(Topics.PRODUCTS);
        Map<TopicPartition, OffsetSpec> latest = products.partitions().stream()
                .map(p -> new TopicPartition(Topics.PRODUCTS, p.partition()))
                .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
    }

    @Override
    public void close() {
        admin.close();
    }
}
