package dev.pipeline.fetcher.task;

import dev.pipeline.common.FetchTask;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.RunIds;
import dev.pipeline.common.SourceStats;
import dev.pipeline.common.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What becomes of a task that failed on every try: it goes to {@code pipeline.fetch-tasks.DLT} with
 * the reason in headers, and its run gets a {@link RunEvent.TaskDone} with that reason, which the
 * report shows as a {@code task_failed} error, so the run ends instead of waiting for it. Both are
 * sent in the transaction that also commits the task's offset. The task's key names its run and
 * task even when its value could not be read.
 */
class TaskFailures implements ConsumerRecordRecoverer {

    private static final Logger log = LoggerFactory.getLogger(TaskFailures.class);

    private final KafkaTemplate<String, Object> kafka;
    private final DeadLetterPublishingRecoverer deadLetters;
    private final String instanceId;

    TaskFailures(KafkaTemplate<String, Object> kafka, String instanceId) {
        this.kafka = kafka;
        this.instanceId = instanceId;
        this.deadLetters = new DeadLetterPublishingRecoverer(kafka,
                (record, error) -> new TopicPartition(Topics.FETCH_TASKS_DLT, -1));
        // The reason (exception class and message) goes with the task; its stack trace is in this
        // service's log. A dead letter must stay small enough to be written whatever failed.
        this.deadLetters.excludeHeader(DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_STACKTRACE);
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Exception exception) {
        deadLetters.accept(record, exception);
        String key = record.key() instanceof String k ? k : null;
        String runId = FetchTask.runIdOf(key);
        String taskId = FetchTask.taskIdOf(key);
        String reason = "task dead-lettered: " + NestedExceptionUtils.getMostSpecificCause(exception).getMessage();
        if (!RunIds.isValid(runId) || taskId == null) {
            log.error("fetch task {} at {}-{}@{} dead-lettered, and its key names no run: {}", key, record.topic(),
                    record.partition(), record.offset(), reason);
            return;
        }
        FetchTask task = record.value() instanceof FetchTask t && t.pages() != null && !t.pages().isEmpty() ? t : null;
        String source = task != null ? task.source() : taskId.contains(":") ? taskId.substring(0, taskId.indexOf(':')) : taskId;
        String endpoint = task != null ? task.pages().getFirst()
                : "kafka:" + record.topic() + "-" + record.partition() + "@" + record.offset();
        log.warn("run {}: fetch task {} dead-lettered: {}", runId, taskId, reason, exception);
        kafka.send(Topics.RUNS, runId, new RunEvent.TaskDone(runId, taskId, source, instanceId, List.of(),
                SourceStats.NONE, 0, Map.of(), 0, reason, endpoint, Instant.now()));
    }
}
