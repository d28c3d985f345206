package dev.pipeline.fetcher.run;

import dev.pipeline.common.FetchState;
import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.Topics;
import dev.pipeline.fetcher.metrics.RunMetrics;
import dev.pipeline.fetcher.task.TaskProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.CommonLoggingErrorHandler;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.TopicPartitionOffset;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;

/**
 * The latest runs, whichever instance started or fetched them: every fetcher instance reads all of
 * {@code pipeline.runs} (committed events only, from an hour before it started) and keeps the
 * last {@value #REMEMBERED_RUNS} runs' progress. So any instance answers for any run, and a run
 * carries on in the status when the instance that started it is gone.
 *
 * <p>Read by a Spring Kafka listener container of its own, assigned every partition of the topic.
 * Not a {@code @KafkaListener}: its partitions would be resolved when this bean is post-processed,
 * before {@code KafkaAdmin} has created the topic on a new cluster, and startup would wait for
 * Kafka. So the board looks the partitions up once the context has started, on a thread of its own
 * (waiting for the topic's metadata if it lags), then starts the container on them. Not the
 * fetcher's default container either, which runs tasks in transactions in the
 * {@code pipeline-fetchers} group: this one has no group (so it takes no share of that group's
 * partitions and commits nothing), no transaction, reads committed events only, and starts each
 * partition at its first record of the last hour, or at its end if there is none
 * ({@link TopicPartitionOffset.SeekPosition#TIMESTAMP}).
 */
@Component
class RunBoard implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RunBoard.class);
    private static final int REMEMBERED_RUNS = 200;
    private static final Duration LOOKBACK = Duration.ofHours(1);

    private final ConsumerFactory<String, byte[]> consumers;
    private final RunMetrics metrics;
    private final String instanceId;
    private final Set<String> launchedHere = ConcurrentHashMap.newKeySet();
    private final Map<String, TrackedRun> recent = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TrackedRun> eldest) {
            return size() > REMEMBERED_RUNS;
        }
    });
    private final Object lifecycle = new Object();
    private boolean running;
    private Thread starter;
    private MessageListenerContainer container;

    RunBoard(KafkaProperties kafka, RunMetrics metrics, TaskProperties tasks) {
        this.instanceId = tasks.instanceId();
        Map<String, Object> properties = new HashMap<>(kafka.buildConsumerProperties());
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Should the look-back seek fail (the container logs it and polls on), start from now, never
        // from the topic's week of events, whose tasks would all be counted in the metrics again.
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumers = new DefaultKafkaConsumerFactory<>(properties);
        this.metrics = metrics;
    }

    /**
     * A run this instance has just started: known here at once, before its events are read back
     * (they may also have been read already, to the run's end).
     */
    synchronized TrackedRun launched(RunEvent.Started started) {
        launchedHere.add(started.runId());
        TrackedRun run = recent.computeIfAbsent(started.runId(), TrackedRun::new);
        run.apply(started);
        countIfEnded(run);
        return run;
    }

    /** A run this instance started could not be published. */
    synchronized void failed(String runId, String reason) {
        TrackedRun run = recent.get(runId);
        if (run != null) {
            run.failed(reason);
            countIfEnded(run);
        }
    }

    Optional<TrackedRun> find(String runId) {
        return Optional.ofNullable(recent.get(runId));
    }

    List<TrackedRun> recent() {
        synchronized (recent) {
            return List.copyOf(recent.values()).reversed();
        }
    }

    /**
     * Only runs whose start has been read are followed: a run that started before the board's
     * look-back, or was dropped as one of the oldest, is not shown half-known.
     */
    private synchronized void apply(RunEvent event) {
        TrackedRun run = event instanceof RunEvent.Started
                ? recent.computeIfAbsent(event.runId(), TrackedRun::new)
                : recent.get(event.runId());
        if (run == null) {
            return;
        }
        if (run.apply(event) && event instanceof RunEvent.TaskDone done && instanceId.equals(done.fetcher())) {
            // Counted once committed, and by the instance that did the task: a retried try never counts.
            metrics.sourceDone(done.source(), done.stats(), done.errors());
        }
        countIfEnded(run);
    }

    private void countIfEnded(TrackedRun run) {
        if (run.state() != FetchState.RUNNING && launchedHere.remove(run.runId())) {
            metrics.runFinished(run.state());
            log.info("run {} {}", run.runId(), run.state().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** An event of the topic; one that cannot be read is skipped, and the board goes on. */
    private void read(ConsumerRecord<String, byte[]> record) {
        try {
            apply(PipelineJson.mapper().readValue(record.value(), RunEvent.class));
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            log.debug(
                    "skipping an unreadable run event at {}-{}@{}",
                    record.topic(),
                    record.partition(),
                    record.offset());
        }
    }

    private void startReading() {
        try {
            List<TopicPartition> partitions;
            try (Consumer<String, byte[]> runs = consumers.createConsumer()) {
                partitions = partitions(runs);
            }
            synchronized (lifecycle) {
                if (running) {
                    container = container(partitions);
                    container.start();
                }
            }
        } catch (InterruptedException | InterruptException e) {
            log.debug("run board stopped");
        } catch (RuntimeException e) {
            log.error("run board not started: run status will not change", e);
        }
    }

    /**
     * Never acknowledged, and without a group id, so nothing is ever committed (a container
     * assigned partitions without a group id also makes its ack mode manual by itself). An event
     * that fails to apply is logged and skipped.
     */
    private MessageListenerContainer container(List<TopicPartition> partitions) {
        long since = Instant.now().minus(LOOKBACK).toEpochMilli();
        ContainerProperties properties = new ContainerProperties(partitions.stream()
                .map(p -> new TopicPartitionOffset(p, since, TopicPartitionOffset.SeekPosition.TIMESTAMP))
                .toArray(TopicPartitionOffset[]::new));
        properties.setAckMode(ContainerProperties.AckMode.MANUAL);
        properties.setMessageListener((MessageListener<String, byte[]>) this::read);
        SimpleAsyncTaskExecutor virtualThread = new SimpleAsyncTaskExecutor("run-board-");
        virtualThread.setVirtualThreads(true);
        properties.setListenerTaskExecutor(virtualThread);
        KafkaMessageListenerContainer<String, byte[]> board =
                new KafkaMessageListenerContainer<>(consumers, properties);
        board.setBeanName("run-board");
        board.setCommonErrorHandler(new CommonLoggingErrorHandler());
        return board;
    }

    /** The topic is created at startup by KafkaAdmin; wait for its metadata if it lags. */
    private static List<TopicPartition> partitions(Consumer<String, byte[]> runs) throws InterruptedException {
        while (true) {
            try {
                List<TopicPartition> partitions = runs.partitionsFor(Topics.RUNS, Duration.ofSeconds(30)).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition()))
                        .toList();
                if (!partitions.isEmpty()) {
                    return partitions;
                }
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                log.warn("run board: no metadata for {} yet: {}", Topics.RUNS, e.getMessage());
            }
            Thread.sleep(500);
        }
    }

    @Override
    public void start() {
        synchronized (lifecycle) {
            running = true;
            starter = Thread.ofVirtual().name("run-board-start").start(this::startReading);
        }
    }

    /** Waits outside the lock, which the starting thread takes to start the container. */
    @Override
    public void stop() {
        Thread thread;
        MessageListenerContainer reading;
        synchronized (lifecycle) {
            running = false;
            thread = starter;
            reading = container;
            starter = null;
            container = null;
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (reading != null) {
            reading.stop();
        }
    }

    @Override
    public boolean isRunning() {
        synchronized (lifecycle) {
            return running;
        }
    }
}
