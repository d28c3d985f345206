package dev.pipeline.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pipeline.common.net.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the real broker process from Kafka's server jars: the one the local run uses. */
class LocalKafkaBrokerTests {

    private static Path classpath;

    @TempDir
    Path dir;

    @BeforeAll
    static void needsTheBrokerJarsResolved() {
        classpath = PipelineHome.locate().brokerClasspath();
        if (!Files.isRegularFile(classpath)) {
            fail(classpath + " is missing: package local/kafka-broker first "
                    + "(./mvnw -pl local/kafka-broker package, or build the whole reactor)");
        }
    }

    @Test
    void runsARealBrokerThatStoresAndServesARecordThenLeavesNothingBehind() throws Exception {
        Path runtime = dir.resolve("runtime");
        LocalKafkaBroker broker = LocalKafkaBroker.start(classpath, runtime, dir.resolve("logs"), ProcessScope.NONE);
        List<Integer> ports = broker.ports();
        long pid = broker.pid();
        try {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                assertThat(admin.listTopics(new ListTopicsOptions().listInternal(true))
                                .names()
                                .get())
                        .as("made while the services start, not in a run's first transaction")
                        .contains("__transaction_state");
            }
            createTopic(broker.bootstrapServers());
            produce(broker.bootstrapServers());
            assertThat(consumeOne(broker.bootstrapServers())).isEqualTo("hello");
        } finally {
            broker.close();
        }

        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                .as("broker process after close")
                .isEmpty();
        assertThat(ports).allMatch(FreePorts::isFree);
        try (var left = Files.list(runtime)) {
            assertThat(left).as("broker data after close").isEmpty();
        }
    }

    /**
     * JDK 25+: the first run on a class path is the training run of the broker (its storage format
     * included: one JVM), whose cache is written as it exits on the stop's SIGTERM; the next run
     * starts from it and still serves records.
     */
    @Test
    void theFirstRunMakesTheBrokersStartUpCacheAndTheNextStartsFromIt() throws Exception {
        assumeTrue(Runtime.version().feature() >= AotCache.MIN_FEATURE, "no AOT cache before JDK 25");
        Path runtime = dir.resolve("runtime");
        AotCache cache = new AotCache(dir.resolve("aot"), true);
        LocalKafkaBroker.start(classpath, runtime, dir.resolve("logs"), ProcessScope.NONE, cache)
                .close();

        String jars = LocalKafkaBroker.readClasspath(classpath);
        String fingerprint = AotCache.classpathFingerprint(jars);
        assertThat(dir.resolve("aot/kafka-broker-" + fingerprint + "/app.aot"))
                .as("written as the broker exited on SIGTERM")
                .isRegularFile();
        try (var made = Files.list(dir.resolve("aot"))) {
            assertThat(made.map(path -> path.getFileName().toString()))
                    .as("one JVM, one cache: the format runs in the broker's")
                    .containsExactly("kafka-broker-" + fingerprint);
        }

        LocalKafkaBroker broker =
                LocalKafkaBroker.start(classpath, runtime, dir.resolve("logs-2"), ProcessScope.NONE, cache);
        try {
            assertThat(broker.aotOptions())
                    .containsExactly("-XX:AOTCache=" + dir.resolve("aot/kafka-broker-" + fingerprint + "/app.aot"));
            createTopic(broker.bootstrapServers());
            produce(broker.bootstrapServers());
            assertThat(consumeOne(broker.bootstrapServers())).isEqualTo("hello");
        } finally {
            broker.close();
        }
    }

    /**
     * The storage format runs in the broker's JVM, before the broker: one that fails ends that JVM
     * at once, and the start fails with the format's own message in the log it shows.
     */
    @Test
    void aStorageFormatThatFailsEndsTheStartWithItsMessage() {
        Path logs = dir.resolve("logs");
        // a broker-only node cannot be formatted --standalone, the way this stack formats
        LocalKafkaBroker broker = LocalKafkaBroker.prepare(
                classpath,
                dir.resolve("runtime"),
                logs,
                ProcessScope.NONE,
                new AotCache(dir.resolve("aot"), false),
                List.of(),
                List.of("process.roles=broker"));
        try {
            broker.formatAndLaunch(ProcessScope.NONE);
            long started = System.nanoTime();
            assertThatThrownBy(broker::awaitReady).isInstanceOfSatisfying(PipelineFailure.class, failure -> {
                assertThat(failure.getMessage()).isEqualTo("kafka-broker exited with code 1");
                assertThat(failure.excerpt().orElseThrow().lines())
                        .anySatisfy(line -> assertThat(line).startsWith("kafka storage format failed: "));
            });
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("failed as the format did, not after the ready timeout")
                    .isLessThan(LocalKafkaBroker.READY_TIMEOUT);
        } finally {
            broker.close();
        }
    }

    private static void createTopic(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic("smoke", 1, (short) 1)))
                    .all()
                    .get();
        }
    }

    private static void produce(String bootstrap) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", bootstrap), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("smoke", "greeting", "hello")).get();
        }
    }

    private static String consumeOne(String bootstrap) {
        TopicPartition partition = new TopicPartition("smoke", 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", bootstrap), new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
            assertThat(values).as("records read back within 30 s").hasSize(1);
            return values.getFirst();
        }
    }
}
