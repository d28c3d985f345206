package dev.pipeline.fetcher.publish;

import dev.pipeline.common.FetchTask;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.Topics;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where one task's (or one upload's) output goes: a producer inside a Kafka transaction, which any
 * of the task's threads may use. Products are sent without waiting (the producer's buffer is the
 * back-pressure); the sink remembers, per products partition, the offset of its last record, which
 * the task's end event carries so the processor knows exactly when it has everything.
 */
public final class RunSink {

    private final String runId;
    private final Producer<String, Object> producer;
    private final Map<Integer, Long> lastOffsets = new ConcurrentHashMap<>();
    private final LongAdder published = new LongAdder();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    public RunSink(String runId, Producer<String, Object> producer) {
        this.runId = runId;
        this.producer = producer;
    }

    public void product(ProductRecord product) {
        send(new ProducerRecord<>(Topics.PRODUCTS, product.key(), product), (metadata, error) -> {
            if (error == null) {
                lastOffsets.merge(metadata.partition(), metadata.offset(), Math::max);
                published.increment();
            }
        });
    }

    /** Events are sent in call order; the producer keeps that order on the run's partition. */
    public void event(RunEvent event) {
        send(new ProducerRecord<>(Topics.RUNS, runId, event), null);
    }

    public void task(FetchTask task) {
        send(new ProducerRecord<>(Topics.FETCH_TASKS, task.key(), task), null);
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

    public Map<Integer, Long> lastOffsets() {
        return Map.copyOf(lastOffsets);
    }

    public long published() {
        return published.sum();
    }

    /** Flushes, then publishes {@link RunEvent.Fetched} with where the run's records end, and waits for it. */
    public RunEvent.Fetched finish() throws RunPublishException, InterruptedException {
        flush();
        RunEvent.Fetched fetched = new RunEvent.Fetched(runId, lastOffsets(), published(), Instant.now());
        try {
            producer.send(new ProducerRecord<>(Topics.RUNS, runId, fetched)).get();
        } catch (ExecutionException e) {
            throw new RunPublishException(runId, e.getCause());
        }
        return fetched;
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
