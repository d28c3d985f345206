package dev.pipeline.fetcher.schedule;

import dev.pipeline.common.PipelineJson;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;

/**
 * Every schedule's last tick fired, as every instance reads it (committed records of
 * {@code pipeline.schedules}, from the beginning, without a group): so {@code GET /api/schedules}
 * answers the same on every instance, whichever one fires the ticks.
 */
@Component
class ScheduleBoard implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ScheduleBoard.class);

    private final Schedules schedules;
    private final Map<String, Object> consumerProperties;
    private final Map<String, ScheduleState> latest = new ConcurrentHashMap<>();
    private final Object lifecycle = new Object();
    private volatile boolean running;
    private Thread thread;
    private Consumer<String, byte[]> consumer;

    ScheduleBoard(Schedules schedules, ScheduleConsumers consumers) {
        this.schedules = schedules;
        this.consumerProperties = consumers.reader();
    }

    Optional<ScheduleState> last(String schedule) {
        return Optional.ofNullable(latest.get(schedule));
    }

    private void read() {
        try (Consumer<String, byte[]> reader = new KafkaConsumer<>(consumerProperties)) {
            synchronized (lifecycle) {
                if (!running) {
                    return;
                }
                consumer = reader;
            }
            reader.assign(List.of(TickFiring.PARTITION));
            reader.seekToBeginning(List.of(TickFiring.PARTITION));
            while (running) {
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofSeconds(1))) {
                    apply(record);
                }
            }
        } catch (WakeupException | InterruptException e) {
            log.debug("schedule board stopped");
        } catch (RuntimeException e) {
            log.error("schedule board stopped: GET /api/schedules shows no new ticks", e);
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        try {
            ScheduleState state = PipelineJson.mapper().readValue(record.value(), ScheduleState.class);
            latest.merge(state.schedule(), state, (a, b) -> a.tick().isAfter(b.tick()) ? a : b);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            log.debug("skipping an unreadable schedule record at offset {}", record.offset());
        }
    }

    /** Not started without schedules: there is nothing to show. */
    @Override
    public void start() {
        if (schedules.all().isEmpty()) {
            return;
        }
        synchronized (lifecycle) {
            running = true;
            thread = Thread.ofVirtual().name("schedule-board").start(this::read);
        }
    }

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
            }
        }
        if (stopping != null) {
            try {
                stopping.join(Duration.ofSeconds(10));
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
