package dev.pipeline.fetcher.task;

import dev.pipeline.support.kafka.BytesOrJsonSerializer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * The transactions fetch tasks run in, and what happens to one that keeps failing; their topics
 * are declared with the service's others, in {@code TopicsConfiguration}. Boot's listener
 * container factory picks up the transaction manager (because
 * {@code spring.kafka.producer.transaction-id-prefix} is set), the after-rollback processor and
 * the rebalance listener defined here.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TaskProperties.class)
class TaskConfiguration {

    /**
     * Transactional ids must differ between live instances and stay the same across one instance's
     * restarts, so that a restarted instance fences its predecessor and aborts what it left open.
     */
    @Bean
    DefaultKafkaProducerFactoryCustomizer transactionalIds(TaskProperties tasks) {
        return factory -> factory.setTransactionIdPrefix("pipeline-fetcher-" + tasks.instanceId() + "-");
    }

    /**
     * A failed task's transaction is rolled back, so nothing it published is seen; it is tried
     * again with backoff, then recovered by {@link TaskFailures} in a transaction of its own that
     * commits its offset (so not by this processor: {@code commitRecovered} is off).
     */
    @Bean
    AfterRollbackProcessor<Object, Object> taskAfterRollback(
            KafkaTemplate<String, Object> kafka, TaskProperties tasks) {
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(tasks.retries());
        backOff.setInitialInterval(tasks.retryBackoff().toMillis());
        backOff.setMultiplier(2);
        DefaultAfterRollbackProcessor<Object, Object> processor =
                new DefaultAfterRollbackProcessor<>(new TaskFailures(kafka, tasks.instanceId()), backOff, null, false);
        processor.addNotRetryableExceptions(UnreadableTaskException.class);
        return processor;
    }

    /**
     * Dead letters of unreadable tasks carry the bytes as they came (not base64 in a JSON string);
     * everything else is JSON without type headers, as {@code application.yml} also says.
     */
    @Bean
    DefaultKafkaProducerFactoryCustomizer rawBytesAsTheyCame() {
        return factory -> {
            @SuppressWarnings("unchecked")
            DefaultKafkaProducerFactory<Object, Object> objects = (DefaultKafkaProducerFactory<Object, Object>) factory;
            objects.setValueSerializer(new BytesOrJsonSerializer());
        };
    }
}
