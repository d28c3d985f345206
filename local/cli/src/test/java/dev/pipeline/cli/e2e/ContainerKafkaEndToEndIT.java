package dev.pipeline.cli.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import java.nio.file.Path;

/** The same end-to-end run on Testcontainers' Kafka; skipped, not failed, where Docker is absent. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerKafkaEndToEndIT {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.2.1");

    @Test
    @Timeout(600)
    void aDefaultRunReportsExactlyWhatTheStandInUpstreamServes(@TempDir Path out) throws Exception {
        EndToEndAssertions.runAndCheck(KAFKA.getBootstrapServers(), out);
    }
}
