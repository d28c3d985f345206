package dev.pipeline.fetcher.run;

import dev.pipeline.common.FetchState;
import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.Topics;
import dev.pipeline.fetcher.metrics.RunMetrics;
import dev.pipeline.fetcher.task.TaskProperties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;

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

/**
 * The latest runs, whichever instance started or fetched them: every fetcher instance reads all of
 * {@code pipeline.runs} (committed events only, from an hour before it started) and keeps the
 * last {@value #REMEMBERED_RUNS} runs' progress. So any instance answers for any run, and a run
 * carries on in the status when the instance that started it is gone.
 */
@Component
class RunBoard implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RunBoard.class);
    private static final int REMEMBERED_RUNS = 200;
    private static final Duration LOOKBACK = Duration.ofHours(1);

    private final Map<String, Object> consumerProperties;
    private final RunMetrics metrics;
    private final String instanceId;
    private final Set<String> launchedHere = ConcurrentHashMap.newKeySet();
    private final Map<String, TrackedRun> recent = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TrackedRun> eldest) {
            return size() > REMEMBERED_RUNS;
        }
    });
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread reader;

    RunBoard(KafkaProperties kafka, RunMetrics metrics, TaskProperties tasks) {
        this.instanceId = tasks.instanceId();
        Map<String, Object> properties = new HashMap<>(kafka.buildConsumerProperties());
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumerProperties = Map.copyOf(properties);
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
                ? recent.computeIfAbsent(event.runId(), TrackedRun::new) : recent.get(event.runId());
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

    private void read() {
        try (KafkaConsumer<String, byte[]> runs = consumer) {
            List<TopicPartition> partitions = partitions(runs);
            runs.assign(partitions);
            long since = Instant.now().minus(LOOKBACK).toEpochMilli();
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(p -> times.put(p, since));
            Map<TopicPartition, OffsetAndTimestamp> starts = runs.offsetsForTimes(times);
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp start = starts.get(partition);
                if (start == null) {
                    runs.seekToEnd(List.of(partition));
                } else {
                    runs.seek(partition, start.offset());
                }
            }
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, byte[]> record : runs.poll(Duration.ofMillis(500))) {
                    try {
                        apply(PipelineJson.mapper().readValue(record.value(), RunEvent.class));
                    } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
                        log.debug("skipping an unreadable run event at {}-{}@{}", record.topic(), record.partition(),
                                record.offset());
                    }
                }
            }
        } catch (WakeupException | InterruptedException e) {
            log.debug("run board stopped");
        } catch (RuntimeException e) {
            log.error("run board stopped: run status will not change any more", e);
        }
    }

    /** The topic is created at startup by KafkaAdmin; wait for its metadata if it lags. */
    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> runs) throws InterruptedException {
        while (true) {
            try {
                List<TopicPartition> partitions = runs.partitionsFor(Topics.RUNS, Duration.ofSeconds(30)).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
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
        consumer = new KafkaConsumer<>(consumerProperties);
        reader = Thread.ofVirtual().name("run-board").start(this::read);
    }

    @Override
    public void stop() {
        Thread thread = reader;
        if (thread != null) {
            consumer.wakeup();
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reader = null;
        }
    }

    @Override
    public boolean isRunning() {
        return reader != null;
    }
}
