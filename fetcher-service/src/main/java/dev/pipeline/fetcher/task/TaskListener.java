package dev.pipeline.fetcher.task;

import dev.pipeline.common.FetchTask;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.RunIds;
import dev.pipeline.common.Topics;
import dev.pipeline.fetcher.fetch.PageClient;
import dev.pipeline.fetcher.fetch.PagePlanner;
import dev.pipeline.fetcher.fetch.SourceCounters;
import dev.pipeline.fetcher.publish.RunPublishException;
import dev.pipeline.fetcher.publish.TaskOutput;
import dev.pipeline.fetcher.source.SourceDefinition;
import dev.pipeline.fetcher.source.SourcesProperties;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;

/**
 * Takes fetch tasks from this instance's share of {@code pipeline.fetch-tasks} and carries each out
 * in the Kafka transaction the listener container runs it in: its products, errors, follow-up tasks
 * and {@link RunEvent.TaskDone} are committed together with the task's offset, or not at all. A
 * task whose fetcher dies is fetched again by whichever instance gets its partition next.
 */
@Component
class TaskListener {

    private final SourcesProperties sources;
    private final PageClient client;
    private final KafkaTemplate<String, Object> kafka;
    private final Producer<String, Object> outsideTransactions;
    private final TaskProperties properties;
    private final TaskSizes sizes;
    private final Duration timeLimit;

    TaskListener(
            SourcesProperties sources,
            PageClient client,
            KafkaTemplate<String, Object> kafka,
            ProducerFactory<String, Object> producers,
            TaskProperties properties,
            KafkaProperties kafkaProperties) {
        this.sources = sources;
        this.client = client;
        this.kafka = kafka;
        this.outsideTransactions = producers.createNonTransactionalProducer();
        this.properties = properties;
        this.sizes = TaskSizes.of(properties);
        this.timeLimit = timeLimit(kafkaProperties);
    }

    /** Nine tenths of the transaction timeout: the rest is for the commit. */
    static Duration timeLimit(KafkaProperties kafka) {
        Object timeout = kafka.buildProducerProperties().get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        long millis = timeout == null ? 60_000 : Long.parseLong(timeout.toString());
        return Duration.ofMillis(millis * 9 / 10);
    }

    /** The listener's consumer threads, {@code pipeline.tasks.consumers}: read by {@link #onTask}'s annotation. */
    public int consumers() {
        return properties.consumers();
    }

    @KafkaListener(
            id = "fetch-tasks",
            groupId = Topics.FETCHER_GROUP,
            topics = Topics.FETCH_TASKS,
            concurrency = "#{__listener.consumers()}",
            properties = {"spring.json.value.default.type=dev.pipeline.common.FetchTask", "max.poll.records=1"})
    void onTask(ConsumerRecord<String, FetchTask> record) throws InterruptedException {
        FetchTask task = record.value();
        SourceDefinition source = check(record.key(), task);
        // Outside the transaction, so that it shows even if this instance dies before the task is done.
        outsideTransactions.send(new ProducerRecord<>(
                Topics.RUNS,
                task.runId(),
                new RunEvent.TaskStarted(
                        task.runId(), task.taskId(), task.source(), properties.instanceId(), Instant.now())));
        try {
            kafka.execute(producer -> {
                run(task, source, producer);
                return null;
            });
        } catch (Interrupted e) {
            throw e.getCause();
        }
    }

    private void run(FetchTask task, SourceDefinition source, Producer<String, Object> producer) {
        SourceCounters counters = new SourceCounters();
        TaskOutput output =
                new TaskOutput(task.runId(), task.taskId(), UUID.randomUUID().toString(), producer);
        try {
            List<FetchTask> children = new TaskFetch(source, task, client, output, counters, sizes, timeLimit).run();
            output.tasks(children);
            output.done(
                    task.source(),
                    properties.instanceId(),
                    children.stream().map(FetchTask::taskId).toList(),
                    counters.snapshot(),
                    counters.pages(),
                    counters.errors(),
                    task.pages().getFirst());
        } catch (InterruptedException e) {
            throw new Interrupted(e);
        } catch (RunPublishException e) {
            throw new IllegalStateException("task " + task.key() + " not published: " + e.getMessage(), e);
        }
    }

    /** A task names a known run and a configured source, and only pages of that source's own origin. */
    private SourceDefinition check(String key, FetchTask task) {
        if (task == null
                || !RunIds.isValid(task.runId())
                || task.taskId() == null
                || task.kind() == null
                || task.pages() == null
                || task.pages().isEmpty()
                || !task.key().equals(key)) {
            throw new UnreadableTaskException("not a fetch task: " + key);
        }
        SourceDefinition source = sources.find(task.source())
                .orElseThrow(() -> new UnreadableTaskException(
                        "source '" + task.source() + "' is not configured on this fetcher"));
        PagePlanner planner = PagePlanner.of(source);
        for (String page : task.pages()) {
            if (!planner.isOwn(parse(page))) {
                throw new UnreadableTaskException("page " + page + " is not on source '" + source.name() + "'");
            }
        }
        return source;
    }

    private static URI parse(String page) {
        try {
            return URI.create(page);
        } catch (IllegalArgumentException e) {
            throw new UnreadableTaskException("not a URL: " + page);
        }
    }

    /** Carries an interruption out of the producer callback. */
    private static final class Interrupted extends RuntimeException {
        Interrupted(InterruptedException cause) {
            super(cause);
        }

        @Override
        public synchronized InterruptedException getCause() {
            return (InterruptedException) super.getCause();
        }
    }
}
