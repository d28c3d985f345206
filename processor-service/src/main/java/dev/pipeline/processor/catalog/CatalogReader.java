package dev.pipeline.processor.catalog;

import dev.pipeline.common.Topics;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalogue's own consumer of {@link Topics#PRODUCTS}: every partition assigned, no group, no
 * commits (its offsets live in the {@link CatalogStore}, written with the data). Reads as fast as
 * records come while this instance has no run open, one poll (at most {@code max.poll.records})
 * per {@code busy-interval} while it has; a request that asks it to catch up gets the end offsets of that moment read first, at full
 * speed. Never on the listeners' path: one thread of its own.
 */
final class CatalogReader {

    private static final Logger log = LoggerFactory.getLogger(CatalogReader.class);

    private static final Duration POLL = Duration.ofMillis(200);
    /** Partitions added to the topic are picked up this often, or at the next request. */
    private static final Duration PARTITION_CHECK = Duration.ofSeconds(30);

    private static final Duration RETRY = Duration.ofSeconds(5);
    private static final Duration CLOSE = Duration.ofSeconds(1);

    private final Map<String, Object> consumerProperties;
    private final CatalogStore store;
    private final BooleanSupplier busy;
    private final Duration busyInterval;
    private final Counter recordsRead;
    private final BlockingDeque<CatchUp> requests = new LinkedBlockingDeque<>();
    private volatile boolean running = true;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    CatalogReader(
            Map<String, Object> consumerProperties,
            CatalogStore store,
            BooleanSupplier busy,
            Duration busyInterval,
            Counter recordsRead) {
        this.consumerProperties = consumerProperties;
        this.store = store;
        this.busy = busy;
        this.busyInterval = busyInterval;
        this.recordsRead = recordsRead;
    }

    /**
     * Waits up to {@code wait} for the store to hold everything committed to the topic when this
     * was called (its last stable offsets); answers whether it does.
     */
    boolean catchUp(Duration wait) {
        return await(new CatchUp(), wait);
    }

    /**
     * Waits up to {@code wait} for the store to hold every record below {@code offsets} (per
     * products partition), read at full speed even while a run is open; answers whether it does.
     * For a report's changes: its run's start offsets, everything before the run.
     */
    boolean catchUpTo(Map<Integer, Long> offsets, Duration wait) {
        CatchUp request = new CatchUp();
        request.target = offsets.entrySet().stream()
                .collect(Collectors.toMap(e -> new TopicPartition(Topics.PRODUCTS, e.getKey()), Map.Entry::getValue));
        return await(request, wait);
    }

    private boolean await(CatchUp request, Duration wait) {
        requests.add(request);
        try {
            return request.done.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException | CancellationException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            request.done.cancel(false); // no-op when reached; else the reader stops working for it
            requests.remove(request);
        }
    }

    /** Ends {@link #run} within a poll: wakes the consumer and any wait, never interrupts a write. */
    void stop() {
        running = false;
        KafkaConsumer<byte[], byte[]> reading = consumer;
        if (reading != null) {
            reading.wakeup();
        }
        requests.addFirst(new CatchUp());
    }

    void run() {
        while (running) {
            KafkaConsumer<byte[], byte[]> reading = new KafkaConsumer<>(consumerProperties);
            consumer = reading;
            try {
                if (running) {
                    read(reading);
                }
            } catch (InterruptException | InterruptedException stopped) {
                return;
            } catch (RuntimeException e) { // a WakeupException when stopped
                if (!running) {
                    return;
                }
                log.warn("The catalogue's reader failed, starting again in {}: {}", RETRY, e.toString());
                try {
                    waitForRequest(RETRY); // a stop wakes it
                } catch (InterruptedException stopped) {
                    return;
                }
            } finally {
                // No group to leave, nothing to commit: no reason to wait the default 30 s on a broker gone.
                reading.close(CloseOptions.timeout(CLOSE));
            }
        }
    }

    private void read(KafkaConsumer<byte[], byte[]> consumer) throws InterruptedException {
        Map<TopicPartition, Long> position = new HashMap<>();
        long nextPartitionCheck = 0;
        List<CatchUp> pending = new ArrayList<>();
        while (running) {
            requests.drainTo(pending);
            pending.removeIf(request -> request.done.isDone());
            if (!pending.isEmpty() || System.nanoTime() - nextPartitionCheck > 0) {
                assign(consumer, position);
                nextPartitionCheck = System.nanoTime() + PARTITION_CHECK.toNanos();
                if (!pending.isEmpty()) {
                    Map<TopicPartition, Long> ends = consumer.endOffsets(position.keySet());
                    pending.stream().filter(r -> !r.bounded).forEach(r -> r.bound(ends));
                    // Already there: answered now, not after a poll that waits for records.
                    pending.removeIf(request -> request.completeIfReached(position));
                }
            }
            ConsumerRecords<byte[], byte[]> records =
                    position.isEmpty() ? ConsumerRecords.empty() : consumer.poll(POLL);
            Map<Integer, Long> reached = new HashMap<>();
            for (TopicPartition partition : position.keySet()) {
                long now = consumer.position(partition);
                if (now != position.get(partition)) {
                    reached.put(partition.partition(), now);
                    position.put(partition, now);
                }
            }
            if (!records.isEmpty() || !reached.isEmpty()) {
                store.write(records, reached);
                recordsRead.increment(records.count());
            }
            pending.removeIf(request -> request.completeIfReached(position));
            if (position.isEmpty() && pending.isEmpty()) {
                waitForRequest(POLL);
            } else if (pending.isEmpty() && busy.getAsBoolean()) {
                waitForRequest(busyInterval);
            }
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
     * Assigns every partition of the topic, each from where the store says it got to (the
     * beginning for one it has never read). Stored offsets past a partition's end mean the topic
     * was deleted and created again: what the store holds is of another topic, so it starts over.
     */
    private void assign(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> position) {
        List<PartitionInfo> infos = consumer.partitionsFor(Topics.PRODUCTS);
        Set<TopicPartition> partitions = infos == null
                ? Set.of()
                : infos.stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition()))
                        .collect(Collectors.toSet());
        if (partitions.equals(position.keySet())) {
            return;
        }
        consumer.assign(partitions);
        Map<Integer, Long> stored = store.offsets();
        if (isPastTheEnd(stored, consumer.endOffsets(partitions))) {
            log.warn(
                    "The catalogue's stored offsets are past the ends of {}: the topic was recreated, "
                            + "the catalogue is read again from its beginning",
                    Topics.PRODUCTS);
            store.clear();
            stored = Map.of();
        }
        position.clear();
        for (TopicPartition partition : partitions) {
            Long from = stored.get(partition.partition());
            if (from == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, from);
            }
            position.put(partition, consumer.position(partition));
        }
    }

    private static boolean isPastTheEnd(Map<Integer, Long> stored, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream()
                .anyMatch(end -> stored.getOrDefault(end.getKey().partition(), 0L) > end.getValue());
    }

    /** One request's wish: the end offsets it saw (or offsets it named, within them), to be reached. */
    private static final class CatchUp {
        final CompletableFuture<Boolean> done = new CompletableFuture<>();
        Map<TopicPartition, Long> target;
        boolean bounded;

        /**
         * The end offsets of the moment (the last stable ones: this consumer reads committed records
         * only) when the request named none; else its own, never past them: an offset no record
         * reaches yet (a transaction still open, or a made-up start) must not hold a report forever.
         */
        void bound(Map<TopicPartition, Long> ends) {
            if (target == null) {
                target = ends;
            } else {
                Map<TopicPartition, Long> within = new HashMap<>();
                ends.forEach(
                        (partition, end) -> within.put(partition, Math.min(end, target.getOrDefault(partition, 0L))));
                target = within;
            }
            bounded = true;
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
