package dev.pipeline.systemtest.e2e;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * Stand-in upstream → fetcher → Kafka → processor → report, with the services as their own
 * processes and spring-kafka-test's in-process KRaft broker in between; exact figures.
 */
@EmbeddedKafka(partitions = 3)
class EmbeddedBrokerEndToEndIT {

    @Test
    @Timeout(600)
    void aDefaultRunReportsExactlyWhatTheStandInUpstreamServes(EmbeddedKafkaBroker broker, @TempDir Path out)
            throws Exception {
        EndToEndAssertions.runAndCheck(broker.getBrokersAsString(), out);
    }
}
