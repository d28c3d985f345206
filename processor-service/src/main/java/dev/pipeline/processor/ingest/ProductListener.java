package dev.pipeline.processor.ingest;

import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.Topics;
import dev.pipeline.processor.report.RunCompletion;
import dev.pipeline.processor.run.Abandonment;
import dev.pipeline.processor.run.RunLedger;
import dev.pipeline.processor.run.RunStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Reads {@code pipeline.products} a poll at a time (up to {@code max-poll-records}): each record
 * into its run's store, in order; a record that cannot be read is dead-lettered at once
 * ({@link DeadLetters}) and the batch goes on; a record that fails otherwise (a store failure) is
 * read again with every record after it ({@link Redelivery}). Then, once per batch rather than per
 * record: complete runs are reported; once per commit interval, the runs this instance need not
 * hold any more are let go of ({@link Abandonment}), then offsets committed as far as is safe.
 */
@Component
class ProductListener {

    static final String ID = "products";

    private static final LogAccessor LOG = new LogAccessor(LogFactory.getLog(ProductListener.class));

    private final RunLedger ledger;
    private final RunCompletion completion;
    private final Abandonment abandonment;
    private final OffsetCommitter committer;
    private final DeadLetters deadLetters;
    private final KafkaListenerEndpointRegistry registry;
    private final Counter consumed;
    private final ReadableProducts readable = new ReadableProducts();
    private final Redelivery redelivery = new Redelivery();

    ProductListener(
            RunLedger ledger,
            RunCompletion completion,
            Abandonment abandonment,
            OffsetCommitter committer,
            DeadLetters deadLetters,
            KafkaListenerEndpointRegistry registry,
            MeterRegistry meters) {
        this.ledger = ledger;
        this.completion = completion;
        this.abandonment = abandonment;
        this.committer = committer;
        this.deadLetters = deadLetters;
        this.registry = registry;
        this.consumed = Counter.builder("pipeline.products.consumed")
                .description("product records read")
                .register(meters);
    }

    @KafkaListener(
            id = ID,
            idIsGroup = false,
            topics = Topics.PRODUCTS,
            batch = "true",
            properties = {
                "spring.json.value.default.type=dev.pipeline.common.ProductRecord",
                // Behind ErrorHandlingDeserializer like every value; reads as Spring's JSON deserializer does, faster.
                "spring.deserializer.value.delegate.class=dev.pipeline.processor.ingest.ProductRecordDeserializer"
            })
    void onProducts(List<ConsumerRecord<String, ProductRecord>> records, Consumer<?, ?> consumer) {
        int taken = 0;
        for (int i = 0; i < records.size(); i++) {
            try {
                if (take(records.get(i), consumer)) {
                    taken++;
                }
            } catch (RuntimeException e) {
                // Anything but an unreadable record (those are dead-lettered in take): the store, or a dead
                // letter that could not be sent. What was taken is followed by its steps; the rest is read again.
                afterBatch(taken, consumer);
                redelivery.from(records, i, consumer, this::running, e);
                return;
            }
        }
        redelivery.succeeded();
        afterBatch(taken, consumer);
    }

    /** @return whether the record went into its run (not dead-lettered) */
    private boolean take(ConsumerRecord<String, ProductRecord> record, Consumer<?, ?> consumer) {
        ProductRecord product;
        try {
            product = readable.check(record.value());
        } catch (UnreadableRecordException unreadable) {
            deadLetter(record, consumer, unreadable);
            return false;
        }
        try {
            ledger.product(
                    product,
                    new TopicPartition(record.topic(), record.partition()),
                    record.offset(),
                    Attempts.of(record.headers()));
        } catch (RunStore.StoreException | UncheckedIOException e) {
            // The work directory's disk, or the report store not answering whether the run is done with (the
            // run's first record, or a refusal's marker): consumption pauses, and the record is read again,
            // never dead-lettered.
            completion.storeFailed(e);
            throw e;
        }
        return true;
    }

    /**
     * As the record listeners' error handler would: the value that did not parse is found in the
     * deserializer's header (the publisher then sends the original bytes), and the exception is
     * wrapped as the container wraps it, so that the dead letter's headers (exception, cause,
     * consumer group) are those of a dead letter from a record listener.
     */
    private void deadLetter(
            ConsumerRecord<String, ProductRecord> record, Consumer<?, ?> consumer, UnreadableRecordException e) {
        Exception reason = e;
        if (record.value() == null) {
            DeserializationException unparsed = SerializationUtils.getExceptionFromHeader(
                    record, SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
            if (unparsed != null) {
                reason = unparsed;
            }
        }
        deadLetters.accept(
                record,
                consumer,
                new ListenerExecutionFailedException("Listener failed", KafkaUtils.getConsumerGroupId(), reason));
    }

    private void afterBatch(int taken, Consumer<?, ?> consumer) {
        consumed.increment(taken);
        completion.reportCompleteRuns();
        if (committer.isDue()) {
            abandonment.check();
            committer.commit(consumer, consumer.assignment());
        }
    }

    private boolean running() {
        MessageListenerContainer container = registry.getListenerContainer(ID);
        return container != null && container.isRunning();
    }
}
