package dev.pipeline.fetcher.task;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * The task listener runs {@code pipeline.tasks.consumers} consumer threads, read from the bound
 * {@link TaskProperties} (where its default is), not from a placeholder with a default of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "pipeline.tasks.consumers=3")
@EmbeddedKafka(partitions = 1)
class TaskConsumersIntegrationTests {

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void theTaskListenerHasAsManyConsumersAsConfigured() {
        assertThat(listeners.getListenerContainer("fetch-tasks"))
                .isInstanceOfSatisfying(
                        ConcurrentMessageListenerContainer.class,
                        container -> assertThat(container.getConcurrency()).isEqualTo(3));
    }
}
