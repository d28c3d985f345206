package dev.pipeline.processor.ingest;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunIds;
import dev.pipeline.processor.report.RunCompletion;
import dev.pipeline.processor.run.RunLedger;
import dev.pipeline.support.kafka.BytesOrJsonSerializer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * What becomes of a record that cannot be read, whichever listener read it: it goes to
 * {@code <topic>.DLT} with the reason in its headers, is counted, and counts as an error of its run.
 * The records listener's error handler (KafkaConfiguration) and the products batch listener
 * ({@link ProductListener}) share this one recoverer, so a dead letter looks the same from either.
 */
@Component
class DeadLetters implements ConsumerAwareRecordRecoverer {

    private final DeadLetterPublishingRecoverer publisher;
    private final Counter deadLettered;
    private final RunLedger ledger;
    private final RunCompletion completion;

    DeadLetters(KafkaProperties kafka, RunLedger ledger, RunCompletion completion, MeterRegistry meters) {
        // Dead letters carry the original bytes when the value did not parse (the publisher finds the
        // deserializer's exception in the record's header itself), the record otherwise.
        var template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                kafka.buildProducerProperties(), new StringSerializer(), new BytesOrJsonSerializer()));
        this.publisher = new DeadLetterPublishingRecoverer(
                template, (record, e) -> new TopicPartition(record.topic() + ".DLT", -1));
        this.deadLettered = Counter.builder("pipeline.records.dead_lettered")
                .description("records sent to a dead-letter topic")
                .register(meters);
        this.ledger = ledger;
        this.completion = completion;
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Exception e) {
        publisher.accept(record, consumer, e);
        deadLettered.increment();
        ledger.unreadable(
                runIdOf(record, e),
                new TopicPartition(record.topic(), record.partition()),
                record.offset(),
                reasonOf(e));
        // A dead letter may be the last record a run was waiting for. A report that cannot be
        // written now is retried by RunCompletion, not through this record.
        completion.reportCompleteRuns();
    }

    private static String runIdOf(ConsumerRecord<?, ?> record, Exception e) {
        Object value = record.value();
        if (value instanceof ProductRecord product) {
            return RunIds.isValid(product.runId()) ? product.runId() : null;
        }
        DeserializationException unparsed = find(e, DeserializationException.class);
        if (unparsed == null || unparsed.getData() == null) {
            return null;
        }
        try {
            JsonNode runId = PipelineJson.mapper().readTree(unparsed.getData()).path("runId");
            return runId.isString() && RunIds.isValid(runId.stringValue()) ? runId.stringValue() : null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    private static String reasonOf(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return "unreadable record: " + message.lines().findFirst().orElse(message);
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
