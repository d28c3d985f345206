package dev.pipeline.processor.announce;

import dev.pipeline.common.RunEvent;
import dev.pipeline.common.Topics;
import dev.pipeline.processor.run.RunLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Every announcement on {@code pipeline.runs} this instance has read (run id to the latest one;
 * one older than the topic keeps events is forgotten), each passed to the ledger, which forgets the
 * run. Its
 * {@link AnnouncementReader} is started before the listener containers (an earlier lifecycle
 * phase) and the start waits, at most {@link #STARTUP_WAIT}, until it has read the topic to the end
 * offsets of that moment: so the replay after a restart never reopens a run another instance
 * reported while this one was away (it would be reported a second time, or hold back commits).
 */
@Component
public class Announcements implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Announcements.class);

    /** How long a start waits for the reader to catch up before the listeners start anyway. */
    static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    /** How long a report waits for the announcements of its run's partition, at most. */
    static final Duration CATCH_UP_WAIT = Duration.ofSeconds(10);

    /** Before the listener containers' phase: they start once this start has returned. */
    static final int PHASE = AbstractMessageListenerContainer.DEFAULT_PHASE - 100;

    /** How often, at most, announcements older than the topic's retention are forgotten. */
    static final Duration PRUNE_INTERVAL = Duration.ofHours(1);

    private final RunLedger ledger;
    /** The reader thread's. */
    private long nextPrune = System.nanoTime();

    private volatile java.util.function.Consumer<Set<String>> forgotten = runIds -> {};
    private final AnnouncementReader reader;
    private final Map<String, RunEvent.Reported> known = new ConcurrentHashMap<>();
    private final Object lifecycle = new Object();
    private boolean running;
    private Thread thread;

    Announcements(KafkaProperties kafka, RunLedger ledger) {
        this.ledger = ledger;
        this.reader = new AnnouncementReader(consumerProperties(kafka), adminProperties(kafka), this::read);
    }

    private static Map<String, Object> adminProperties(KafkaProperties kafka) {
        Map<String, Object> admin = new HashMap<>(kafka.buildAdminProperties());
        admin.put(AdminClientConfig.CLIENT_ID_CONFIG, "pipeline-announcements-admin");
        return Map.copyOf(admin);
    }

    private static Map<String, Object> consumerProperties(KafkaProperties kafka) {
        Map<String, Object> consumer = new HashMap<>(kafka.buildConsumerProperties());
        consumer.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumer.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // An announcement is never transactional: read it even behind another's open transaction (see the reader).
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumer.put(ConsumerConfig.CLIENT_ID_CONFIG, "pipeline-announcements");
        return Map.copyOf(consumer);
    }

    private void read(RunEvent.Reported reported) {
        known.put(reported.runId(), reported);
        ledger.announced(reported.runId());
        long now = System.nanoTime();
        if (now - nextPrune >= 0) {
            nextPrune = now + PRUNE_INTERVAL.toNanos();
            prune(Instant.now());
        }
    }

    /**
     * Forgets every announcement older than {@code pipeline.runs} keeps them (by its {@code
     * reportedAt}): the topic has dropped it too, so a run that old is nobody's any more. Those
     * forgotten are passed to the listener ({@link #onForgotten}).
     */
    void prune(Instant now) {
        Instant oldest = now.minus(Topics.RUNS_RETENTION);
        Set<String> forgotten = new HashSet<>();
        known.values().removeIf(reported -> {
            boolean old = reported.reportedAt() != null && reported.reportedAt().isBefore(oldest);
            if (old) {
                forgotten.add(reported.runId());
            }
            return old;
        });
        if (!forgotten.isEmpty()) {
            this.forgotten.accept(forgotten);
        }
    }

    /** Told of the runs whose announcements {@link #prune} forgot, so that other sets of run ids forget them too. */
    void onForgotten(java.util.function.Consumer<Set<String>> listener) {
        this.forgotten = listener;
    }

    /** The latest announcement of the run read here. */
    public Optional<RunEvent.Reported> find(String runId) {
        return Optional.ofNullable(known.get(runId));
    }

    /**
     * Waits, at most {@link #CATCH_UP_WAIT}, until every announcement written to {@code partition}
     * of {@code pipeline.runs} before now has been read (every partition when {@code null}).
     */
    public boolean catchUp(TopicPartition partition) {
        return reader.catchUp(partition == null ? Set.of() : Set.of(partition.partition()), CATCH_UP_WAIT);
    }

    @Override
    public void start() {
        synchronized (lifecycle) {
            if (running) {
                return;
            }
            running = true;
            reader.reset();
            thread = Thread.ofPlatform().name("announcements").daemon().start(reader::run);
        }
        long started = System.nanoTime();
        if (reader.catchUp(Set.of(), STARTUP_WAIT)) {
            log.info(
                    "announcements read to the end of pipeline.runs in {} ms: {} runs announced",
                    (System.nanoTime() - started) / 1_000_000,
                    known.size());
        } else {
            log.warn(
                    "announcements not read to the end of pipeline.runs within {}: consuming anyway; a run "
                            + "reported elsewhere may be opened again here until its announcement is read",
                    STARTUP_WAIT);
        }
    }

    @Override
    public void stop() {
        Thread reading;
        synchronized (lifecycle) {
            running = false;
            reading = thread;
            thread = null;
        }
        reader.stop();
        if (reading != null) {
            try {
                reading.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        synchronized (lifecycle) {
            return running;
        }
    }

    /** Before the listener containers' phase: they start once this start has returned. */
    @Override
    public int getPhase() {
        return PHASE;
    }
}
