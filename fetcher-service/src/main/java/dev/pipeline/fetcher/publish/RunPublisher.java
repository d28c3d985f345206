package dev.pipeline.fetcher.publish;

import dev.pipeline.common.FetchTask;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.SourceExpectations;
import dev.pipeline.common.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Starts runs on Kafka, each in one transaction: a run's start with its first tasks, or the whole
 * run of one task this instance carries out itself (an upload). Either all of it is there for the
 * fetchers and the processor, or none of it.
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
     * partitions end now (the run's records all come after), the ids of those tasks, and the quality
     * gates of the sources that declared any, for the processor to check when the run completes.
     */
    public RunEvent.Started startTasks(
            String runId,
            List<String> sources,
            Map<String, SourceExpectations> expectations,
            Instant now,
            List<FetchTask> tasks)
            throws RunPublishException, InterruptedException {
        return startTasks(runId, sources, expectations, now, tasks, AlsoInTransaction.NOTHING);
    }

    /**
     * Publishes the run's start and its first tasks as {@link #startTasks(String, List, Map, Instant, List)}
     * does, and whatever {@code also} writes, in the same transaction: a scheduled run's tick is
     * recorded with its run, or neither is.
     */
    public RunEvent.Started startTasks(
            String runId,
            List<String> sources,
            Map<String, SourceExpectations> expectations,
            Instant now,
            List<FetchTask> tasks,
            AlsoInTransaction also)
            throws RunPublishException, InterruptedException {
        return startTasks(runId, sources, expectations, Map.of(), Map.of(), now, tasks, also);
    }

    /**
     * As {@link #startTasks(String, List, Map, Instant, List, AlsoInTransaction)}, for a run with
     * incremental sources: its start records where each started ({@code cursors}, {@code null} for
     * the beginning) and the generation of the state each was read from ({@code generations}).
     */
    public RunEvent.Started startTasks(
            String runId,
            List<String> sources,
            Map<String, SourceExpectations> expectations,
            Map<String, String> cursors,
            Map<String, Long> generations,
            Instant now,
            List<FetchTask> tasks,
            AlsoInTransaction also)
            throws RunPublishException, InterruptedException {
        return inTransaction(runId, producer -> {
            RunEvent.Started started = new RunEvent.Started(
                    runId,
                    sources,
                    now,
                    productsEndOffsets(),
                    tasks.stream().map(FetchTask::taskId).toList(),
                    expectations,
                    cursors,
                    generations);
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            sent.add(producer.send(new ProducerRecord<>(Topics.RUNS, runId, started)));
            TaskPartitions.records(producer, runId, tasks).forEach(record -> sent.add(producer.send(record)));
            also.write(producer);
            // Sent now, not after linger.ms: the trigger's answer waits for these.
            producer.flush();
            for (Future<RecordMetadata> send : sent) {
                send.get();
            }
            return started;
        });
    }

    /**
     * Publishes a whole run of one task of {@code source}, {@code taskId}, which {@code work} carries
     * out here: the run's start naming that task, then the task's output, ending with its
     * {@code TaskDone} (see {@link TaskOutput#done}). Readers see it end as any run does, once its
     * tasks are done.
     */
    public RunEvent.TaskDone publishRun(String runId, String source, String taskId, Instant now, TaskWork work)
            throws RunPublishException, InterruptedException {
        return inTransaction(runId, producer -> {
            TaskOutput output = new TaskOutput(runId, taskId, UUID.randomUUID().toString(), producer);
            output.event(new RunEvent.Started(runId, List.of(source), now, productsEndOffsets(), List.of(taskId)));
            return work.publish(output);
        });
    }

    private <T> T inTransaction(String runId, TransactionWork<T> work)
            throws RunPublishException, InterruptedException {
        try {
            return kafka.executeInTransaction(operations -> operations.execute(producer -> {
                try {
                    return work.run(producer);
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
        TopicDescription products = admin.describeTopics(List.of(Topics.PRODUCTS))
                .allTopicNames()
                .get()
                .get(Topics.PRODUCTS);
        Map<TopicPartition, OffsetSpec> latest = products.partitions().stream()
                .map(p -> new TopicPartition(Topics.PRODUCTS, p.partition()))
                .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(
                        e -> e.getKey().partition(), e -> e.getValue().offset()));
    }

    @Override
    public void close() {
        admin.close();
    }

    /** A task carried out in its run's transaction: what it publishes, ending with {@link TaskOutput#done}. */
    @FunctionalInterface
    public interface TaskWork {
        RunEvent.TaskDone publish(TaskOutput output) throws RunPublishException, InterruptedException;
    }

    /**
     * More records, or consumer offsets, written into a run's start transaction by its caller; an
     * exception it throws aborts the transaction, and the run was never started.
     */
    @FunctionalInterface
    public interface AlsoInTransaction {
        AlsoInTransaction NOTHING = producer -> {};

        void write(Producer<String, Object> producer) throws ExecutionException, InterruptedException;
    }

    @FunctionalInterface
    private interface TransactionWork<T> {
        T run(Producer<String, Object> producer) throws RunPublishException, InterruptedException, ExecutionException;
    }

    /** Carries a checked failure or an Error out of the transaction's callback, which aborts it. */
    private static final class Failed extends RuntimeException {
        Failed(Throwable cause) {
            super(cause);
        }
    }
}
