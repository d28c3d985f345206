package dev.pipeline.systemtest.e2e;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * The same end-to-end run on Testcontainers' Kafka, whenever a Docker engine is reachable:
 * against {@code apache/kafka:4.2.1} where it is or can be pulled, else against the stand-in image
 * that {@code local/docker/build-base-images.sh} builds from Maven Central's jars (it honours the
 * same contract), or against the image named by {@code -Dpipeline.test.kafka-image} or
 * {@code KAFKA_IMAGE}. Without an engine it is skipped, except in CI ({@code CI=true}) or with
 * {@code -Dpipeline.test.require-docker=true}, where that is a failure: it must not pass unseen.
 * Where Testcontainers' Ryuk image cannot be had, set {@code TESTCONTAINERS_RYUK_DISABLED=true}
 * (this class stops its container itself); where the JVM looks as if it ran in a container
 * ({@code /.dockerenv}) but the engine is local, {@code TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1}, or
 * Testcontainers runs a helper container (Docker Hub's {@code alpine}) to find the host's address.
 * Both are read from the environment only; without them, on a machine without Docker Hub,
 * Testcontainers retries its pulls for two minutes and then finds no engine.
 */
class ContainerKafkaEndToEndIT {

    static final String OFFICIAL = "apache/kafka:4.2.1";
    static final String STAND_IN = "pipeline/kafka:4.2.1-debian13";

    private static KafkaContainer kafka;

    @BeforeAll
    static void startKafka() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            if (dockerRequired()) {
                fail(
                        "no Docker engine is reachable, and this run requires one (CI=true or -Dpipeline.test.require-docker=true):"
                                + " start one (local/docker/provision-engine.sh) or point DOCKER_HOST at one; without Docker Hub"
                                + " also set TESTCONTAINERS_RYUK_DISABLED=true and TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1");
            }
            assumeTrue(false, "no Docker engine reachable");
        }
        requireRyukOrItsAbsenceDeclared();
        DockerImageName image = kafkaImage();
        System.out.println("ContainerKafkaEndToEndIT: Kafka from " + image.asCanonicalNameString());
        kafka = new KafkaContainer(image);
        kafka.start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.stop();
        }
    }

    @Test
    @Timeout(600)
    void aDefaultRunReportsExactlyWhatTheStandInUpstreamServes(@TempDir Path out) throws Exception {
        EndToEndAssertions.runAndCheck(kafka.getBootstrapServers(), out);
    }

    /** The image named by the property or KAFKA_IMAGE; else the official one where it can be had; else the stand-in. */
    static DockerImageName kafkaImage() {
        Optional<String> chosen = Optional.ofNullable(System.getProperty("pipeline.test.kafka-image"))
                .or(() -> Optional.ofNullable(System.getenv("KAFKA_IMAGE")))
                .filter(name -> !name.isBlank());
        if (chosen.isPresent()) {
            return DockerImageName.parse(chosen.get()).asCompatibleSubstituteFor("apache/kafka");
        }
        if (available(OFFICIAL)) {
            return DockerImageName.parse(OFFICIAL);
        }
        if (available(STAND_IN)) {
            return DockerImageName.parse(STAND_IN).asCompatibleSubstituteFor("apache/kafka");
        }
        return fail("neither " + OFFICIAL + " (it cannot be pulled here) nor the stand-in " + STAND_IN
                + " is available: build the stand-in with local/docker/build-base-images.sh");
    }

    private static void requireRyukOrItsAbsenceDeclared() {
        if (Boolean.parseBoolean(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
            return;
        }
        String ryuk = TestcontainersConfiguration.getInstance().getRyukImage();
        if (!available(ryuk)) {
            fail("Testcontainers' Ryuk image " + ryuk
                    + " cannot be pulled here: run with TESTCONTAINERS_RYUK_DISABLED=true"
                    + " (this test stops its container itself)");
        }
    }

    /** On the engine already, or pulled now; false when the registry cannot be reached. */
    private static boolean available(String image) {
        DockerClient client = DockerClientFactory.instance().client();
        try {
            client.inspectImageCmd(image).exec();
            return true;
        } catch (RuntimeException notHere) {
            try {
                return client.pullImageCmd(image).start().awaitCompletion(5, TimeUnit.MINUTES);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return false;
            } catch (RuntimeException cannotPull) {
                return false;
            }
        }
    }

    private static boolean dockerRequired() {
        return Boolean.parseBoolean(System.getenv("CI")) || Boolean.getBoolean("pipeline.test.require-docker");
    }
}
