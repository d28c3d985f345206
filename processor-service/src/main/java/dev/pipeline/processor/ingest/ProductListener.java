package dev.pipeline.processor.ingest;

import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunIds;
import dev.pipeline.common.Topics;
import dev.pipeline.processor.report.RunCompletion;
import dev.pipeline.processor.run.RunLedger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.event.ListenerContainerIdleEvent;
import org.springframework.stereotype.Component;

/** Reads {@code pipeline.products}: each record into its run's store, then checks for complete runs. */
@Component
class ProductListener {

    private static final Logger log = LoggerFactory.getLogger(ProductListener.class);

    private final RunLedger ledger;
    private final RunCompletion completion;
    private final OffsetCommitter committer;
    private final Counter consumed;

    ProductListener(RunLedger ledger, RunCompletion completion, OffsetCommitter committer, MeterRegistry meters) {
        this.ledger = ledger;
        this.completion = completion;
        this.committer = committer;
        this.consumed = Counter.builder("pipeline.products.consumed").description("product records read")
                .register(meters);
    }

    @KafkaListener(id = "products", idIsGroup = false, topics = Topics.PRODUCTS,
            properties = "spring.json.value.default.type=dev.pipeline.common.ProductRecord")
    void onProduct(ConsumerRecord<String, ProductRecord> record, Consumer<?, ?> consumer) {
        ledger.product(readable(record.value()), new TopicPartition(record.topic(), record.partition()), record.offset());
        consumed.increment();
        completion.reportCompleteRuns();
        committer.commitIfDue(consumer);
    }

    /** A run whose last record was dead-lettered while its report could not be written completes here. */
    @EventListener
    void onIdle(ListenerContainerIdleEvent idle) {
        try {
            completion.reportCompleteRuns();
        } catch (RuntimeException e) {
            log.warn("complete runs could not be reported yet: {}", e.toString());
        }
    }

    private static ProductRecord readable(ProductRecord product) {
        if (product == null) {
            throw new UnreadableRecordException("no value");
        }
        if (product.version() != ProductRecord.CURRENT_VERSION) {
            throw new UnreadableRecordException("unsupported product record version " + product.version());
        }
        if (!RunIds.isValid(product.runId())) {
            throw new UnreadableRecordException("invalid run id");
        }
        if (product.title() == null) {
            throw new UnreadableRecordException("product without a title");
        }
        return product;
    }
}
