package dev.pipeline.processor.ingest;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunIds;
import dev.pipeline.common.Topics;
import dev.pipeline.processor.report.RunCompletion;
import dev.pipeline.processor.run.RunLedger;
import dev.pipeline.support.kafka.BytesOrJsonSerializer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.ExponentialBackOff;
import tools.jackson.databind.JsonNode;

/**
 * What differs from Boot's Kafka defaults, and why:
 * <ul>
 * <li>the container never commits by itself — {@link OffsetCommitter} commits only what is safe;</li>
 * <li>a record that cannot be read goes to {@code <topic>.DLT} with the reason in its headers and
 * counts as an error of its run; anything else (a run store's full disk) is retried with backoff,
 * forever, because dead-lettering a good record would lose it from its report. A report that
 * fails never fails the record being handled: RunCompletion retries it, and pauses consumption
 * through {@link ConsumptionPause} while the disk cannot be written.</li>
 * </ul>
 * The dead-letter topics are declared here, and they are the only topics this service creates.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    @Bean
    NewTopic productsDeadLetterTopic() {
        return TopicBuilder.name(Topics.PRODUCTS_DLT)
                .partitions(1)
                .configs(Topics.deadLetterConfig())
                .build();
    }

    @Bean
    NewTopic runsDeadLetterTopic() {
        return TopicBuilder.name(Topics.RUNS_DLT)
                .partitions(1)
                .configs(Topics.deadLetterConfig())
                .build();
    }

    @Bean
    DefaultErrorHandler errorHandler(
            KafkaProperties kafka, RunLedger ledger, RunCompletion completion, MeterRegistry meters) {
        // Dead letters carry the original bytes when the value did not parse, the record otherwise.
        var template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                kafka.buildProducerProperties(), new StringSerializer(), new BytesOrJsonSerializer()));
        var deadLetters = new DeadLetterPublishingRecoverer(
                template, (record, e) -> new TopicPartition(record.topic() + ".DLT", -1));
        Counter deadLettered = Counter.builder("pipeline.records.dead_lettered")
                .description("records sent to a dead-letter topic")
                .register(meters);
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2);
        backOff.setMaxInterval(10_000);
        ConsumerAwareRecordRecoverer recoverer = (record, consumer, e) -> {
            deadLetters.accept(record, consumer, e);
            deadLettered.increment();
            ledger.unreadable(
                    runIdOf(record, e),
                    new TopicPartition(record.topic(), record.partition()),
                    record.offset(),
                    reasonOf(e));
            // A dead letter may be the last record a run was waiting for. A report that cannot be
            // written now is retried by RunCompletion, not through this record.
            completion.reportCompleteRuns();
        };
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(UnreadableRecordException.class);
        handler.setAckAfterHandle(false);
        return handler;
    }

    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> neverCommitOnAssignment() {
        return container -> container
                .getContainerProperties()
                .setAssignmentCommitOption(ContainerProperties.AssignmentCommitOption.NEVER);
    }

    @Bean
    ConsumerAwareRebalanceListener commitBeforeRebalance(OffsetCommitter committer) {
        return new ConsumerAwareRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                committer.assigned(consumer, partitions);
            }

            @Override
            public void onPartitionsRevokedBeforeCommit(
                    Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                committer.commit(consumer, partitions);
                committer.forget(consumer, partitions);
            }

            @Override
            public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                committer.forget(consumer, partitions);
            }
        };
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
