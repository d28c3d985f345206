package dev.pipeline.fetcher.schedule;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.Topics;
import dev.pipeline.fetcher.publish.RunPublishException;
import dev.pipeline.fetcher.run.RunLauncher;
import dev.pipeline.fetcher.task.TaskProperties;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.stereotype.Component;

/**
 * Fires one tick: in one Kafka transaction, the run's start and first tasks (as any run's, by
 * {@link RunLauncher}), the schedule's new {@link ScheduleState}, and the scheduler group's offset
 * past that record, sent with the owner's group metadata. The group coordinator accepts those
 * offsets only from the current owner of the partition (KIP-447: a member of an older generation
 * gets {@code ILLEGAL_GENERATION} or {@code UNKNOWN_MEMBER_ID}), and the transaction then aborts;
 * so an instance that lost the partition, however stale its view, cannot commit a tick.
 */
@Component
class TickFiring {

    static final TopicPartition PARTITION = new TopicPartition(Topics.SCHEDULES, 0);

    private final RunLauncher launcher;
    private final String instanceId;

    TickFiring(RunLauncher launcher, TaskProperties tasks) {
        this.launcher = launcher;
        this.instanceId = tasks.instanceId();
    }

    /**
     * @param group the metadata of the consumer that owns {@link #PARTITION}, as it is now
     * @throws RunPublishException when the transaction did not commit (also when fenced): nothing of
     *                             the tick was written
     */
    ScheduleState fire(Schedule schedule, Instant tick, Instant now, ConsumerGroupMetadata group)
            throws RunPublishException, InterruptedException {
        ScheduleState state = new ScheduleState(schedule.name(), tick, schedule.runId(tick), now, instanceId);
        byte[] value = PipelineJson.mapper().writeValueAsBytes(state);
        launcher.startScheduled(state.runId(), now, schedule.sources(), producer -> {
            Future<RecordMetadata> sent = producer.send(
                    new ProducerRecord<>(PARTITION.topic(), PARTITION.partition(), schedule.name(), value));
            producer.flush();
            // Past the tick's own record: a new owner reads up to here before it decides anything.
            long next = sent.get().offset() + 1;
            producer.sendOffsetsToTransaction(Map.of(PARTITION, new OffsetAndMetadata(next)), group);
        });
        return state;
    }
}
