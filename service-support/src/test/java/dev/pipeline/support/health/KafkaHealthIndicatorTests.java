package dev.pipeline.support.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.core.KafkaAdmin;

class KafkaHealthIndicatorTests {

    @Test
    void isDownWithinItsTimeoutWhenNoBrokerAnswers() {
        KafkaHealthIndicator indicator = new KafkaHealthIndicator(
                new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1")));
        try {
            long start = System.nanoTime();
            Health health = indicator.health();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(String.valueOf(health.getDetails().get("error"))).startsWith("no answer from Kafka within 2 s");
            assertThat(took).isLessThan(KafkaHealthIndicator.TIMEOUT.multipliedBy(3));
        } finally {
            indicator.destroy();
        }
    }
}
