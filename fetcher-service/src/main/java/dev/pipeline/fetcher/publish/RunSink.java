package dev.pipeline.fetcher.publish;

import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.Topics;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where one run's output goes. Products are sent without waiting (the producer's buffer is the
 * back-pressure); the sink remembers, per products partition, the offset of the run's last record,
 * which {@link #finish} publishes in the run's final event so the processor knows exactly when it
 * has everything.
 */
public final class RunSink {

    private final String runId;
    private final KafkaTemplate<String, Object> kafka;
    private final Map<Integer, Long> lastOffsets = new ConcurrentHashMap<>();
    private final LongAdder published = new LongAdder();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    RunSink(String runId, KafkaTemplate<String, Object> kafka) {
        this.runId = runId;
        this.kafka = kafka;
    }

    /** A send that fails at once (the producer blocked past max.block.ms) fails the run too. */
    public void product(ProductRecord product) {
        try {
            kafka.send(Topics.PRODUCTS, product.key(), product).whenComplete((result, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                } else {
                    RecordMetadata metadata = result.getRecordMetadata();
                    lastOffsets.merge(metadata.partition(), metadata.offset(), Math::max);
                    published.increment();
                }
            });
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    /** Something unexpected broke the run's fetching: the run cannot claim to be complete. */
    public void fail(Throwable cause) {
        failure.compareAndSet(null, cause);
    }

    /** Events are sent in call order; the producer keeps that order on the run's partition. */
    public void event(RunEvent event) {
        try {
            kafka.send(Topics.RUNS, runId, event).whenComplete((result, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
            });
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    /**
     * Waits until everything sent so far is acknowledged, then publishes {@link RunEvent.Fetched}
     * and waits for it too.
     *
     * @throws RunPublishException if any record of the run could not be written
     */
    public RunEvent.Fetched finish() throws RunPublishException, InterruptedException {
        try {
            kafka.flush();
            throwIfFailed();
            RunEvent.Fetched fetched = new RunEvent.Fetched(runId, Map.copyOf(lastOffsets), published.sum(), Instant.now());
            kafka.send(Topics.RUNS, runId, fetched).get();
            return fetched;
        } catch (ExecutionException e) {
            throw new RunPublishException(runId, e.getCause());
        } catch (RuntimeException e) {
            throw new RunPublishException(runId, e);
        }
    }

    private void throwIfFailed() throws RunPublishException {
        Throwable error = failure.get();
        if (error != null) {
            throw new RunPublishException(runId, error);
        }
    }
}
