package dev.pipeline.fetcher.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.fetcher.source.Pagination;
import dev.pipeline.fetcher.source.SourceDefinition;
import dev.pipeline.fetcher.source.SourcesProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/** With the broker out of reach, an instance paces by its own observations, and nothing waits on Kafka. */
class QuotaSharingTests {

    @Test
    void aBrokerOutOfReachLeavesPacingToLocalObservationsAndHoldsNothingUp() throws Exception {
        SourcesProperties sources = new SourcesProperties(
                List.of(SourceDefinition.of("paced", "https://api.example.com/items", "", Pagination.NONE)));
        SourceQuotas quotas = new SourceQuotas(sources, QuotaProperties.defaults(), new SimpleMeterRegistry());
        KafkaProperties kafka = new KafkaProperties();
        kafka.setBootstrapServers(List.of("127.0.0.1:" + closedPort()));
        QuotaSharing sharing = new QuotaSharing(quotas, QuotaProperties.defaults(), kafka);
        sharing.start();
        try {
            quotas.observe(
                    "paced",
                    HttpHeaders.of(
                            Map.of("RateLimit-Remaining", List.of("0"), "RateLimit-Reset", List.of("30")),
                            (name, value) -> true));
            Thread.sleep(1_500); // the publisher has tried, and failed, to publish it

            assertThat(quotas.applied("paced"))
                    .get()
                    .extracting(Quota::remaining)
                    .isEqualTo(0L);
            assertThat(quotas.pace("paced", Duration.ofMillis(100), time -> 1_000_000))
                    .as("the local observation alone holds the request")
                    .isPresent();
        } finally {
            long stopping = System.nanoTime();
            sharing.stop();
            assertThat(sharing.isRunning()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - stopping))
                    .as("stopping waits on no broker")
                    .isLessThan(Duration.ofSeconds(20));
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort(); // free once closed: nothing listens there
        }
    }
}
