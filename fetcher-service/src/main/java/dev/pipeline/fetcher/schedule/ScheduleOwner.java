package dev.pipeline.fetcher.schedule;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.Topics;
import dev.pipeline.fetcher.publish.RunPublishException;
import dev.pipeline.fetcher.task.TaskProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;

/**
 * Fires the schedules' ticks on the one instance that owns them: a member of the
 * {@code pipeline-schedulers} group on the one partition of {@code pipeline.schedules}, on a thread
 * of its own. Only the member holding the partition fires; every tick is fired by {@link TickFiring},
 * whose transaction a member that lost the partition cannot commit.
 *
 * <p>On gaining the partition it decides nothing until it knows every tick fired before: it asks
 * for the group's committed offset, which the coordinator gives only once no transaction that
 * sends offsets is still open (KIP-447's stable offsets: it waits for a previous owner's tick to
 * commit or abort), then reads the partition from its beginning up to that offset, which is past
 * the last tick committed. Then each schedule's ticks since the last one fired are fired, each,
 * when late by no more than its {@code grace}; older ones were missed, and are one run or none (see
 * {@link Schedule#due}). A schedule that never fired starts from then.
 */
@Component
class ScheduleOwner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ScheduleOwner.class);
    private static final Duration MAX_POLL = Duration.ofSeconds(1);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final int MAX_TICKS_PER_POLL = 20;
    private static final Duration RESTART_AFTER = Duration.ofSeconds(5);

    private final Schedules schedules;
    private final TickFiring firing;
    private final Clock clock;
    private final Map<String, Object> consumerProperties;
    private final String instanceId;
    private final Object lifecycle = new Object();
    private volatile boolean running;
    private Thread thread;
    private Consumer<String, byte[]> consumer;

    // Only the owner thread touches these (rebalance callbacks run inside its poll).
    private final Map<String, Instant> last = new HashMap<>();
    private boolean owned;
    private long readTo = -1;
    private volatile boolean deciding;
    private long retryAtNanos;

    ScheduleOwner(
            Schedules schedules, TickFiring firing, Clock clock, ScheduleConsumers consumers, TaskProperties tasks) {
        this.schedules = schedules;
        this.firing = firing;
        this.clock = clock;
        this.instanceId = tasks.instanceId();
        this.consumerProperties = consumers.owner(instanceId);
    }

    /** Whether this instance owns the schedules and has read their ticks: it fires the next one. */
    boolean isDeciding() {
        return deciding;
    }

    /**
     * Watches and fires until stopped. A failure (an unexpected answer from Kafka, a bug) closes the
     * consumer, which hands the schedules to another instance, and this one joins again after a
     * pause: an instance never stops firing for good while it runs.
     */
    private void loop() {
        while (running) {
            if (watch()) {
                return;
            }
            try {
                Thread.sleep(RESTART_AFTER);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** @return whether it ended because it was stopped, not because it failed */
    private boolean watch() {
        try (Consumer<String, byte[]> owner = new KafkaConsumer<>(consumerProperties)) {
            synchronized (lifecycle) {
                if (!running) {
                    return true;
                }
                consumer = owner;
            }
            owned = false;
            readTo = -1;
            last.clear();
            owner.subscribe(List.of(Topics.SCHEDULES), new Ownership());
            while (running) {
                for (ConsumerRecord<String, byte[]> record : owner.poll(pollTime())) {
                    read(record);
                }
                if (owned) {
                    catchUp(owner);
                    if (deciding) {
                        fireDue(owner);
                    }
                }
            }
            return true;
        } catch (WakeupException | InterruptException e) {
            log.debug("schedule owner stopped");
            return true;
        } catch (RuntimeException e) {
            log.error("schedule owner failed, joining again in {}: {}", RESTART_AFTER, instanceId, e);
            return !running;
        } finally {
            deciding = false;
            synchronized (lifecycle) {
                consumer = null;
            }
        }
    }

    private void catchUp(Consumer<String, byte[]> owner) {
        if (readTo < 0) {
            OffsetAndMetadata committed;
            try {
                committed = owner.committed(Set.of(TickFiring.PARTITION), Duration.ofSeconds(5))
                        .get(TickFiring.PARTITION);
            } catch (TimeoutException e) {
                log.info("schedules: waiting for the previous owner's last tick to commit or abort");
                return;
            }
            readTo = committed == null ? 0 : committed.offset();
            last.clear();
            owner.seekToBeginning(List.of(TickFiring.PARTITION));
            return;
        }
        if (!deciding && owner.position(TickFiring.PARTITION, Duration.ofSeconds(5)) >= readTo) {
            Instant now = clock.instant();
            schedules.all().forEach(s -> last.putIfAbsent(s.name(), now));
            deciding = true;
            log.info("schedules: {} fires their ticks, last fired {}", instanceId, last);
        }
    }

    private void fireDue(Consumer<String, byte[]> owner) {
        if (System.nanoTime() - retryAtNanos < 0) {
            return;
        }
        Instant now = clock.instant();
        for (Schedule schedule : schedules.all()) {
            // Bounded, so that a long catch-up still polls (and so stays in the group) in between.
            for (int handled = 0; handled < MAX_TICKS_PER_POLL; handled++) {
                Optional<Schedule.Due> due = schedule.due(last.get(schedule.name()), now);
                if (due.isEmpty()) {
                    break;
                }
                if (!handle(owner, schedule, due.get(), now)) {
                    return;
                }
            }
        }
    }

    /** @return whether to go on: {@code false} when the tick could not be fired, to be tried again */
    private boolean handle(Consumer<String, byte[]> owner, Schedule schedule, Schedule.Due due, Instant now) {
        Instant tick = due.tick();
        if (!due.fire()) {
            log.warn(
                    "schedule {}: ticks up to {} missed ({} late), skipped (missed: skip)",
                    schedule.name(),
                    tick,
                    Duration.between(tick, now));
            last.put(schedule.name(), tick);
            return true;
        }
        try {
            ScheduleState fired = firing.fire(schedule, tick, now, owner.groupMetadata());
            last.put(schedule.name(), tick);
            log.info("schedule {}: tick {} started run {}", schedule.name(), tick, fired.runId());
            return true;
        } catch (RunPublishException e) {
            // Not fired: no longer the owner (the next poll says so), or Kafka refused it; tried again.
            log.warn("schedule {}: tick {} not started: {}", schedule.name(), tick, e.getMessage());
            retryAtNanos = System.nanoTime() + RETRY_AFTER.toNanos();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return false;
        }
    }

    /** Ticks read back, this owner's own and its predecessors': the latest per schedule counts. */
    private void read(ConsumerRecord<String, byte[]> record) {
        try {
            ScheduleState state = PipelineJson.mapper().readValue(record.value(), ScheduleState.class);
            last.merge(state.schedule(), state.tick(), (a, b) -> a.isAfter(b) ? a : b);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            log.warn("skipping an unreadable schedule record at offset {}", record.offset());
        }
    }

    /** Until the next tick of any schedule, at most a second (the clock may be set), at least 10 ms. */
    private Duration pollTime() {
        if (!deciding) {
            return Duration.ofMillis(100);
        }
        Instant now = clock.instant();
        Duration wait = MAX_POLL;
        for (Schedule schedule : schedules.all()) {
            Optional<Instant> next = schedule.ticks().next(now);
            if (next.isPresent() && Duration.between(now, next.get()).compareTo(wait) < 0) {
                wait = Duration.between(now, next.get());
            }
        }
        return wait.compareTo(Duration.ofMillis(10)) < 0 ? Duration.ofMillis(10) : wait;
    }

    /** Gaining the partition starts the catch-up; losing it stops every decision at once. */
    private final class Ownership implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.contains(TickFiring.PARTITION)) {
                owned = true;
                readTo = -1;
                deciding = false;
                log.info("schedules: {} owns them now", instanceId);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.contains(TickFiring.PARTITION)) {
                lose();
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (partitions.contains(TickFiring.PARTITION)) {
                lose();
            }
        }

        private void lose() {
            owned = false;
            deciding = false;
            readTo = -1;
            last.clear();
            log.info("schedules: {} no longer owns them", instanceId);
        }
    }

    /** Not started without schedules: an instance that has none never joins the group. */
    @Override
    public void start() {
        if (schedules.all().isEmpty()) {
            return;
        }
        synchronized (lifecycle) {
            running = true;
            thread = Thread.ofPlatform().name("schedule-owner").start(this::loop);
        }
    }

    /** Leaves the group (closing the consumer), so another instance takes the schedules over at once. */
    @Override
    public void stop() {
        Thread stopping;
        synchronized (lifecycle) {
            running = false;
            stopping = thread;
            thread = null;
            if (consumer != null) {
                consumer.wakeup();
                consumer = null;
            } else if (stopping != null) {
                stopping.interrupt(); // between two consumers: pausing after a failure
            }
        }
        if (stopping != null) {
            try {
                stopping.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
