package dev.pipeline.processor.announce;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * This instance's own consumer of {@link Topics#RUNS}: every partition assigned, from the
 * beginning (the topic keeps days of events, and an announcement of any of them may matter), no
 * group, no commits. Only {@code reported} events are parsed whole; every other event is skipped by
 * its {@code type}, read from the first names of the record. It reads uncommitted events too: an
 * announcement is never transactional, and behind a fetcher's open transaction on the same
 * partition (the last stable offset stays there until that transaction ends, up to its timeout
 * when the fetcher died) a {@code read_committed} reader would not see it; a fetcher's event,
 * aborted or not, is skipped by its type anyway. A request to catch up (of some partitions, or all)
 * gets the high watermarks of that moment read first (through an admin client), and wakes the
 * consumer from its poll, so that it costs a round trip, not a poll. Its positions outlive a failed consumer (the next one goes on
 * from them). One thread of its own, never the listeners'; like {@code catalog.CatalogReader}.
 */
final class AnnouncementReader {

    private static final Logger log = LoggerFactory.getLogger(AnnouncementReader.class);

    static final String TYPE = "reported";

    private static final Duration POLL = Duration.ofMillis(200);
    /** Partitions added to the topic (or the topic itself, created by a fetcher later) are picked up this often. */
    private static final Duration PARTITION_CHECK = Duration.ofSeconds(5);

    private static final Duration RETRY = Duration.ofSeconds(2);
    private static final Duration CLOSE = Duration.ofSeconds(1);
    private static final Duration END_OFFSETS_WAIT = Duration.ofSeconds(10);

    private final Map<String, Object> consumerProperties;
    private final Map<String, Object> adminProperties;
    /** The reader thread's: asks for the end offsets on a connection of its own (see {@link #endOffsets}). */
    private Admin admin;

    private final Consumer<RunEvent.Reported> announced;
    private final BlockingDeque<CatchUp> requests = new LinkedBlockingDeque<>();
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    /** Whether the reader is in a poll, which a request cuts short. */
    private volatile boolean polling;
    /** The next offset to read of each partition read so far: the reader thread's, kept across consumers. */
    private final Map<TopicPartition, Long> position = new HashMap<>();
    /** Requests taken, not answered yet: the reader thread's, kept across consumers. */
    private final List<CatchUp> pending = new ArrayList<>();

    AnnouncementReader(
            Map<String, Object> consumerProperties,
            Map<String, Object> adminProperties,
            Consumer<RunEvent.Reported> announced) {
        this.consumerProperties = consumerProperties;
        this.adminProperties = adminProperties;
        this.announced = announced;
    }

    /**
     * Waits up to {@code wait} until every event of {@code partitions} (every partition
     * of the topic when empty) written before this call has been read; answers whether it has.
     */
    boolean catchUp(Set<Integer> partitions, Duration wait) {
        CatchUp request = new CatchUp(partitions);
        requests.add(request);
        KafkaConsumer<String, byte[]> reading = consumer;
        if (reading != null && polling) {
            reading.wakeup(); // served now, not after the poll (only a poll is cut short: the rest is quick)
        }
        try {
            return request.done.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException | CancellationException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            request.done.cancel(false);
            requests.remove(request);
        }
    }

    /** Ends {@link #run} within a poll: wakes the consumer and any wait. */
    void stop() {
        running = false;
        KafkaConsumer<String, byte[]> reading = consumer;
        if (reading != null) {
            reading.wakeup();
        }
        requests.addFirst(new CatchUp(Set.of()));
    }

    /** Before {@link #run} of a start after a {@link #stop}: the stop's wake-up request is dropped. */
    void reset() {
        requests.clear();
        running = true;
    }

    void run() {
        while (running) {
            KafkaConsumer<String, byte[]> reading = new KafkaConsumer<>(consumerProperties);
            consumer = reading;
            admin = Admin.create(adminProperties);
            try {
                if (running) {
                    read(reading);
                }
            } catch (InterruptException | InterruptedException stopped) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("The announcements' reader failed, starting again in {}: {}", RETRY, e.toString());
                try {
                    waitForRequest(RETRY);
                } catch (InterruptedException stopped) {
                    return;
                }
            } finally {
                reading.close(CloseOptions.timeout(CLOSE));
                if (admin != null) {
                    admin.close(CLOSE);
                    admin = null;
                }
            }
        }
    }

    private void read(KafkaConsumer<String, byte[]> consumer) throws InterruptedException {
        Set<TopicPartition> assigned = new HashSet<>();
        long nextPartitionCheck = System.nanoTime();
        while (running) {
            try {
                nextPartitionCheck = readOnce(consumer, assigned, nextPartitionCheck);
            } catch (WakeupException woken) {
                // A request (served at the next turn), or the stop.
            }
        }
    }

    private long readOnce(KafkaConsumer<String, byte[]> consumer, Set<TopicPartition> assigned, long nextCheck)
            throws InterruptedException {
        requests.drainTo(pending);
        pending.removeIf(request -> request.done.isDone());
        if (!pending.isEmpty() || System.nanoTime() - nextCheck >= 0) {
            assign(consumer, assigned);
            nextCheck = System.nanoTime() + PARTITION_CHECK.toNanos();
            if (pending.stream().anyMatch(r -> r.target == null)) {
                // The high watermarks: this consumer reads uncommitted events (see the class comment).
                Map<TopicPartition, Long> ends = endOffsets(assigned);
                pending.stream().filter(r -> r.target == null).forEach(r -> r.bound(ends));
            }
            pending.removeIf(request -> request.completeIfReached(position));
        }
        if (!assigned.isEmpty()) {
            ConsumerRecords<String, byte[]> records;
            polling = true;
            try {
                // A request added before the flag was set saw no poll to wake: it is served first.
                records = requests.isEmpty() ? consumer.poll(POLL) : ConsumerRecords.empty();
            } finally {
                polling = false;
            }
            for (ConsumerRecord<String, byte[]> record : records) {
                RunEvent.Reported reported = parse(record);
                if (reported != null) {
                    announced.accept(reported);
                }
            }
            for (TopicPartition partition : assigned) {
                position.put(partition, consumer.position(partition));
            }
        }
        pending.removeIf(request -> request.completeIfReached(position));
        if (assigned.isEmpty() && pending.isEmpty()) {
            waitForRequest(POLL);
        }
        return nextCheck;
    }

    /**
     * The high watermarks, asked through the admin client: the consumer's own request would queue
     * behind the fetch the broker holds for it (up to {@code fetch.max.wait.ms}) on the same connection.
     */
    private Map<TopicPartition, Long> endOffsets(Set<TopicPartition> partitions) throws InterruptedException {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        try {
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                    .all()
                    .get(END_OFFSETS_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((partition, info) -> ends.put(partition, info.offset()));
            return ends;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the end offsets of " + Topics.RUNS + " could not be read", e);
        }
    }

    /** Sleeps, but for a request, which is then served at once. */
    private void waitForRequest(Duration pause) throws InterruptedException {
        CatchUp request = requests.pollFirst(pause.toNanos(), TimeUnit.NANOSECONDS);
        if (request != null) {
            requests.addFirst(request);
        }
    }

    /**
     * Every partition of the topic, each from where this reader got to (across consumers); one new
     * here is read from its beginning.
     */
    private void assign(KafkaConsumer<String, byte[]> consumer, Set<TopicPartition> assigned) {
        List<PartitionInfo> infos = consumer.partitionsFor(Topics.RUNS);
        Set<TopicPartition> partitions = infos == null
                ? Set.of()
                : infos.stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition()))
                        .collect(Collectors.toSet());
        if (partitions.equals(assigned)) {
            return;
        }
        consumer.assign(partitions);
        for (TopicPartition partition : partitions) {
            Long at = position.get(partition);
            if (at == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, at);
            }
        }
        position.keySet().retainAll(partitions);
        assigned.clear();
        assigned.addAll(partitions);
    }

    /**
     * The announcement the record holds; {@code null} for any other event (told apart by its
     * {@code type} without reading the rest) and for one that cannot be read (logged: the run's
     * owner dead-letters it, this reader only skips it).
     */
    static RunEvent.Reported parse(ConsumerRecord<String, byte[]> record) {
        byte[] value = record.value();
        if (value == null || !isAnnouncement(value)) {
            return null;
        }
        try {
            return PipelineJson.mapper().readValue(value, RunEvent.class) instanceof RunEvent.Reported reported
                            && reported.runId() != null
                    ? reported
                    : null;
        } catch (JacksonException | IllegalArgumentException e) {
            log.warn(
                    "skipping an announcement that cannot be read at {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.toString());
            return null;
        }
    }

    /** Whether the event's {@code type} (its first name, as every writer of the topic puts it) is {@value #TYPE}. */
    static boolean isAnnouncement(byte[] value) {
        try (JsonParser parser = PipelineJson.mapper().createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            for (String name = parser.nextName(); name != null; name = parser.nextName()) {
                JsonToken token = parser.nextToken();
                if ("type".equals(name)) {
                    return token == JsonToken.VALUE_STRING && TYPE.equals(parser.getString());
                }
                parser.skipChildren();
            }
            return false;
        } catch (JacksonException e) {
            return false;
        }
    }

    /** One request's wish: the end offsets of its partitions when it was served first, to be reached. */
    private static final class CatchUp {
        final CompletableFuture<Boolean> done = new CompletableFuture<>();
        final Set<Integer> partitions;
        Map<TopicPartition, Long> target;

        CatchUp(Set<Integer> partitions) {
            this.partitions = partitions;
        }

        void bound(Map<TopicPartition, Long> ends) {
            Map<TopicPartition, Long> wanted = new HashMap<>();
            ends.forEach((partition, end) -> {
                if (partitions.isEmpty() || partitions.contains(partition.partition())) {
                    wanted.put(partition, end);
                }
            });
            target = wanted;
        }

        boolean completeIfReached(Map<TopicPartition, Long> position) {
            if (target == null) {
                return false;
            }
            boolean reached = target.entrySet().stream()
                    .allMatch(end -> position.getOrDefault(end.getKey(), 0L) >= end.getValue());
            return reached && done.complete(true);
        }
    }
}
