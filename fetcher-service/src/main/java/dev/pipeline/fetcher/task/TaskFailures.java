package dev.pipeline.fetcher.task;

import dev.pipeline.common.FetchTask;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.RunIds;
import dev.pipeline.common.SourceStats;
import dev.pipeline.common.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * What becomes of a task that failed on every try: it goes to {@code pipeline.fetch-tasks.DLT} with
 * the reason in headers, and its run gets a {@link RunEvent.TaskDone} with that reason, which the
 * report shows as a {@code task_failed} error, so the run ends instead of waiting for it. Both are
 * sent in one transaction of its own that also commits the task's offset: if any of it fails, all
 * of it is rolled back and this throws, so the container seeks back to the task and it is tried
 * again — never skipped without a trace. The task's key names its run and task even when its value
 * could not be read.
 */
class TaskFailures implements ConsumerAwareRecordRecoverer {

    private static final Logger log = LoggerFactory.getLogger(TaskFailures.class);

    private final KafkaTemplate<String, Object> kafka;
    private final DeadLetterPublishingRecoverer deadLetters;
    private final String instanceId;

    TaskFailures(KafkaTemplate<String, Object> kafka, String instanceId) {
        this.kafka = kafka;
        this.instanceId = instanceId;
        this.deadLetters = new DeadLetterPublishingRecoverer(
                kafka, (record, error) -> new TopicPartition(Topics.FETCH_TASKS_DLT, -1));
        // The reason (exception class and message) goes with the task; its stack trace is in this
        // service's log. A dead letter must stay small enough to be written whatever failed.
        this.deadLetters.excludeHeader(DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_STACKTRACE);
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Exception exception) {
        String reason = "task dead-lettered: "
                + NestedExceptionUtils.getMostSpecificCause(exception).getMessage();
        RunEvent.TaskDone done = doneOf(record, reason);
        if (done == null) {
            log.error(
                    "fetch task {} at {}-{}@{} dead-lettered, and its key names no run: {}",
                    record.key(),
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    reason,
                    exception);
        } else {
            log.warn("run {}: fetch task {} dead-lettered: {}", done.runId(), done.taskId(), reason, exception);
        }
        kafka.executeInTransaction(operations -> {
            deadLetters.accept(record, consumer, exception);
            if (done != null) {
                operations.send(Topics.RUNS, done.runId(), done);
            }
            operations.sendOffsetsToTransaction(
                    Map.of(
                            new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1)),
                    consumer.groupMetadata());
            return null;
        });
    }

    /** The run's record of the task's end, or {@code null} when its key names no run and task. */
    private RunEvent.TaskDone doneOf(ConsumerRecord<?, ?> record, String reason) {
        String key = record.key() instanceof String k ? k : null;
        String runId = FetchTask.runIdOf(key);
        String taskId = FetchTask.taskIdOf(key);
        if (!RunIds.isValid(runId) || taskId == null) {
            return null;
        }
        FetchTask task = record.value() instanceof FetchTask t
                        && t.pages() != null
                        && !t.pages().isEmpty()
                ? t
                : null;
        String source =
                task != null ? task.source() : taskId.contains(":") ? taskId.substring(0, taskId.indexOf(':')) : taskId;
        String endpoint = task != null
                ? task.pages().getFirst()
                : "kafka:" + record.topic() + "-" + record.partition() + "@" + record.offset();
        return new RunEvent.TaskDone(
                runId,
                taskId,
                source,
                instanceId,
                null,
                List.of(),
                SourceStats.NONE,
                0,
                0,
                Map.of(),
                0,
                reason,
                endpoint,
                Instant.now());
    }
}
