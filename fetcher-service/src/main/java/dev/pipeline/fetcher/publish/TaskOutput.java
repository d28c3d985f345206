package dev.pipeline.fetcher.publish;

import dev.pipeline.common.Cursors;
import dev.pipeline.common.FetchTask;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.SourceStats;
import dev.pipeline.common.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One try of one task's output — a fetch task's, or an upload's — through a producer inside the
 * task's Kafka transaction, which any of the task's threads may use. Products are sent without
 * waiting (the producer's buffer is the back-pressure); the output remembers, per products
 * partition, the offset of its last record, which the task's {@link RunEvent.TaskDone} carries so
 * the processor knows exactly when it has everything.
 */
public final class TaskOutput {

    private final String runId;
    private final String taskId;
    private final String attempt;
    private final Producer<String, Object> producer;
    private final Map<Integer, Long> lastOffsets = new ConcurrentHashMap<>();
    private final LongAdder published = new LongAdder();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicReference<String> highWater = new AtomicReference<>();
    private final LongAdder withoutCursor = new LongAdder();
    private final Callback productAcked = this::productAcked;
    /** On every product record: which try published it (read-only once sent, so one instance serves all). */
    private final Headers productHeaders;

    /** @param attempt this try of the task, unique: named by its errors and its {@code TaskDone} */
    public TaskOutput(String runId, String taskId, String attempt, Producer<String, Object> producer) {
        this.runId = runId;
        this.taskId = taskId;
        this.attempt = attempt;
        this.producer = producer;
        this.productHeaders = new RecordHeaders(
                new Header[] {new RecordHeader(ProductRecord.ATTEMPT_HEADER, attempt.getBytes(StandardCharsets.UTF_8))
                });
    }

    public String runId() {
        return runId;
    }

    /** The try of the task this is the output of: the {@link RunEvent.FetchFailed#taskAttempt()} of its errors. */
    public String attempt() {
        return attempt;
    }

    /**
     * Sent as its JSON bytes ({@link ProductJson}), acknowledged to one callback shared by all the
     * output's products: no bean serialization (the value serializer passes bytes on as they are)
     * and no callback objects per record.
     */
    public void product(ProductRecord product) {
        try {
            send(product, ProductJson.of(product));
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    /** As {@link #product(ProductRecord)}, written by the caller's writer: one per page, see {@link ProductJson.Writer}. */
    public void product(ProductRecord product, ProductJson.Writer json) {
        try {
            send(product, json.of(product));
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    private void send(ProductRecord product, byte[] json) {
        producer.send(
                new ProducerRecord<>(Topics.PRODUCTS, null, null, product.key(), json, productHeaders), productAcked);
    }

    /**
     * The cursor value of an item of an incremental source it published: the highest becomes the
     * task's {@code TaskDone.highWater}, written in the same transaction as the item, so a high-water
     * mark is never committed without the items that reached it. A task of a date window also
     * reports its window's end here (see {@code TaskFetch}).
     */
    public void cursorSeen(String cursor) {
        highWater.accumulateAndGet(cursor, Cursors::max);
    }

    /** An item of an incremental source it published without a cursor value it could compare. */
    public void cursorMissing() {
        withoutCursor.increment();
    }

    /** Events are sent in call order; the producer keeps that order on the run's partition. */
    public void event(RunEvent event) {
        send(new ProducerRecord<>(Topics.RUNS, runId, event), null);
    }

    /** Tasks this one planned, spread evenly over the tasks partitions (see {@link TaskPartitions}). */
    public void tasks(List<FetchTask> tasks) {
        if (!tasks.isEmpty()) {
            TaskPartitions.records(producer, taskId, tasks).forEach(record -> send(record, null));
        }
    }

    /** Whether a record was refused, or the work broken: nothing more it sends can be committed. */
    public boolean hasFailed() {
        return failure.get() != null;
    }

    /** Something unexpected broke the work: it cannot claim to be complete. */
    public void fail(Throwable cause) {
        failure.compareAndSet(null, cause);
    }

    /**
     * Waits until everything sent so far is acknowledged.
     *
     * @throws RunPublishException if any record could not be written
     */
    public void flush() throws RunPublishException {
        try {
            producer.flush();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
        Throwable error = failure.get();
        if (error != null) {
            throw new RunPublishException(runId, error);
        }
    }

    /**
     * Ends the task: waits until everything it sent is acknowledged, then sends its
     * {@link RunEvent.TaskDone} with where its records ended and how many it published; the
     * transaction's commit flushes that, and fails if it could not be written.
     *
     * @param children the tasks it planned, already sent with {@link #tasks(List)}
     * @param pages    pages it fetched (files, for an upload)
     * @param errors   {@link RunEvent.FetchFailed} events it sent
     * @param endpoint the first page it was for
     * @throws RunPublishException if any of its records could not be written
     */
    public RunEvent.TaskDone done(
            String source,
            String fetcher,
            List<String> children,
            SourceStats stats,
            long pages,
            long errors,
            String endpoint)
            throws RunPublishException {
        flush();
        RunEvent.TaskDone done = new RunEvent.TaskDone(
                runId,
                taskId,
                source,
                fetcher,
                attempt,
                children,
                stats,
                pages,
                errors,
                Map.copyOf(lastOffsets),
                published.sum(),
                null,
                endpoint,
                Instant.now(),
                highWater.get(),
                withoutCursor.sum());
        event(done);
        return done;
    }

    private void productAcked(RecordMetadata metadata, Exception error) {
        if (error != null) {
            failure.compareAndSet(null, error);
        } else {
            lastOffsets.merge(metadata.partition(), metadata.offset(), Math::max);
            published.increment();
        }
    }

    /** A send that fails at once (the producer blocked past max.block.ms) fails the work too. */
    private void send(ProducerRecord<String, Object> record, Callback onSuccess) {
        try {
            producer.send(record, (RecordMetadata metadata, Exception error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                } else if (onSuccess != null) {
                    onSuccess.onCompletion(metadata, null);
                }
            });
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }
}
