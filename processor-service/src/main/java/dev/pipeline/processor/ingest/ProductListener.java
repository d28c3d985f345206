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
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads {@code pipeline.products}: each record into its run's store, then the steps every record is
 * followed by: complete runs are reported; once per commit interval, the runs this instance need not
 * hold any more are let go of ({@link Abandonment}), then offsets committed as far as is safe.
 */
@Component
class ProductListener {

    private final RunLedger ledger;
    private final RunCompletion completion;
    private final Abandonment abandonment;
    private final OffsetCommitter committer;
    private final Counter consumed;
    private final ReadableProducts readable = new ReadableProducts();

    ProductListener(
            RunLedger ledger,
            RunCompletion completion,
            Abandonment abandonment,
            OffsetCommitter committer,
            MeterRegistry meters) {
        this.ledger = ledger;
        this.completion = completion;
        this.abandonment = abandonment;
        this.committer = committer;
        this.consumed = Counter.builder("pipeline.products.consumed")
                .description("product records read")
                .register(meters);
    }

    @KafkaListener(
            id = "products",
            idIsGroup = false,
            topics = Topics.PRODUCTS,
            properties = {
                "spring.json.value.default.type=dev.pipeline.common.ProductRecord",
                // Behind ErrorHandlingDeserializer like every value; reads as Spring's JSON deserializer does, faster.
                "spring.deserializer.value.delegate.class=dev.pipeline.processor.ingest.ProductRecordDeserializer"
            })
    void onProduct(ConsumerRecord<String, ProductRecord> record, Consumer<?, ?> consumer) {
        ProductRecord product = readable.check(record.value());
        try {
            ledger.product(
                    product,
                    new TopicPartition(record.topic(), record.partition()),
                    record.offset(),
                    Attempts.of(record.headers()));
        } catch (RunStore.StoreException | UncheckedIOException e) {
            // The work directory's disk, or the report store not answering whether the run is done with (the
            // run's first record, or a refusal's marker): consumption pauses, and the error handler retries this
            // record, never dead-letters it.
            completion.storeFailed(e);
            throw e;
        }
        consumed.increment();
        completion.reportCompleteRuns();
        if (committer.isDue()) {
            abandonment.check();
            committer.commit(consumer, consumer.assignment());
        }
    }
}
