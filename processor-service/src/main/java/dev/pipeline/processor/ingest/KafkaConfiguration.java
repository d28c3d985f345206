package dev.pipeline.processor.ingest;

import dev.pipeline.common.Topics;
import java.util.Collection;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.CommonLoggingErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;

/**
 * What differs from Boot's Kafka defaults, and why:
 * <ul>
 * <li>the container never commits by itself — {@link OffsetCommitter} commits only what is safe;</li>
 * <li>a record that cannot be read goes to {@code <topic>.DLT} with the reason in its headers and
 * counts as an error of its run ({@link DeadLetters}); anything else (a run store's full disk) is retried with backoff,
 * forever, because dead-lettering a good record would lose it from its report. A report that
 * fails never fails the record being handled: RunCompletion retries it, and pauses consumption
 * through {@link ConsumptionPause} while the disk cannot be written. The record listener
 * ({@link RunEventListener}) has Spring's error handler do this; the products batch listener
 * ({@link ProductListener}) does it itself, record by record.</li>
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

    /**
     * The record listeners' ({@link RunEventListener}) error handler: a record that cannot be read is
     * dead-lettered at once; anything else (a run store's full disk) is retried with backoff, forever.
     */
    @Bean
    DefaultErrorHandler errorHandler(DeadLetters deadLetters) {
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, Redelivery.backOff());
        handler.addNotRetryableExceptions(UnreadableRecordException.class);
        handler.setAckAfterHandle(false);
        return handler;
    }

    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> neverCommitOnAssignment() {
        return container -> {
            container
                    .getContainerProperties()
                    .setAssignmentCommitOption(ContainerProperties.AssignmentCommitOption.NEVER);
            if (ProductListener.ID.equals(container.getListenerId())) {
                container.setCommonErrorHandler(batchErrors());
            }
        };
    }

    /**
     * The products batch listener handles every record's failure itself (see {@link ProductListener}):
     * what reaches its container is an exception after every record of the batch was taken (a step
     * taken once per batch), so it is logged, and the records neither replayed nor skipped. Spring's
     * default (a DefaultErrorHandler) would replay the batch, dead-letter it after ten tries, and have
     * the container commit; Spring's batch retry commits the records before a failed one itself.
     * Nothing here commits: only OffsetCommitter does.
     */
    private static CommonErrorHandler batchErrors() {
        CommonLoggingErrorHandler handler = new CommonLoggingErrorHandler();
        handler.setAckAfterHandle(false);
        return handler;
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
}
