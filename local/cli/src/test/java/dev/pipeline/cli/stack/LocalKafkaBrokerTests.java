package dev.pipeline.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
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
     * JDK 25+: the first run on a class path is the training run of the storage tool and of the
     * broker, whose cache is written as it exits on the stop's SIGTERM; the next run starts both
     * from them and still serves records.
     */
    @Test
    void theFirstRunMakesTheBrokersStartUpCachesAndTheNextStartsFromThem() throws Exception {
        assumeTrue(Runtime.version().feature() >= AotCache.MIN_FEATURE, "no AOT cache before JDK 25");
        Path runtime = dir.resolve("runtime");
        AotCache cache = new AotCache(dir.resolve("aot"), true);
        LocalKafkaBroker.start(classpath, runtime, dir.resolve("logs"), ProcessScope.NONE, cache)
                .close();

        String jars = LocalKafkaBroker.readClasspath(classpath);
        String fingerprint = AotCache.classpathFingerprint(jars);
        assertThat(dir.resolve("aot/kafka-storage-format-" + fingerprint + "/app.aot"))
                .isRegularFile();
        assertThat(dir.resolve("aot/kafka-broker-" + fingerprint + "/app.aot"))
                .as("written as the broker exited on SIGTERM")
                .isRegularFile();

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
