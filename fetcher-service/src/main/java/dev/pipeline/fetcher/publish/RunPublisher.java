package dev.pipeline.fetcher.publish;

import dev.pipeline.common.FetchTask;
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

/**
 * Starts runs on Kafka, each in one transaction: a run's start with its first tasks, or an upload's
 * whole run. Either all of it is there for the fetchers and the processor, or none of it.
 */
@Component
public class RunPublisher implements AutoCloseable {

    private final KafkaTemplate<String, Object> kafka;
    private final Admin admin;

    RunPublisher(KafkaTemplate<String, Object> kafka, KafkaAdmin kafkaAdmin) {
        this.kafka = kafka;
        this.admin = Admin.create(kafkaAdmin.getConfigurationProperties());
    }

    /**
     * Publishes the run's start and its first tasks. The start carries where the products
     * partitions end now (the run's records all come after) and the ids of those tasks.
     */
    public RunEvent.Started startTasks(String runId, List<String> sources, Instant now, List<FetchTask> tasks)
            throws RunPublishException, InterruptedException {
        return inTransaction(runId, sink -> {
            RunEvent.Started started = new RunEvent.Started(runId, sources, now, productsEndOffsets(),
                    tasks.stream().map(FetchTask::taskId).toList());
            sink.event(started);
            tasks.forEach(sink::task);
            sink.flush();
            return started;
        });
    }

    /** Publishes a whole run of one source whose items {@code work} supplies, ending with its final event. */
    public RunEvent.Fetched publishRun(String runId, List<String> sources, Instant now, RunWork work)
            throws RunPublishException, InterruptedException {
        return inTransaction(runId, sink -> {
            sink.event(new RunEvent.Started(runId, sources, now, productsEndOffsets()));
            work.publish(sink);
            return sink.finish();
        });
    }

    private <T> T inTransaction(String runId, TransactionWork<T> work) throws RunPublishException, InterruptedException {
        try {
            return kafka.executeInTransaction(operations -> operations.execute(producer -> {
                try {
                    return work.run(new RunSink(runId, producer));
                } catch (RunPublishException | InterruptedException | ExecutionException | Error e) {
                    // An Error too: the template aborts only on an Exception, and would otherwise hand the
                    // producer back with its transaction still open.
                    throw new Failed(e);
                }
            }));
        } catch (Failed e) {
            switch (e.getCause()) {
                case Error error -> throw error;
                case InterruptedException interrupted -> throw interrupted;
                case RunPublishException publish -> throw publish;
                case ExecutionException execution -> throw new RunPublishException(runId, execution.getCause());
                default -> throw new RunPublishException(runId, e.getCause());
            }
        } catch (RuntimeException e) {
            throw new RunPublishException(runId, e);
        }
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

    /** What a run publishes through its sink, in the run's transaction. */
    @FunctionalInterface
    public interface RunWork {
        void publish(RunSink sink) throws RunPublishException, InterruptedException;
    }

    @FunctionalInterface
    private interface TransactionWork<T> {
        T run(RunSink sink) throws RunPublishException, InterruptedException, ExecutionException;
    }

    /** Carries a checked failure or an Error out of the transaction's callback, which aborts it. */
    private static final class Failed extends RuntimeException {
        Failed(Throwable cause) {
            super(cause);
        }
    }
}
