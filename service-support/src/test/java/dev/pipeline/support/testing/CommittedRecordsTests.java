package dev.pipeline.support.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/** The shared reader of transactional topics, against a real broker. */
@EmbeddedKafka(
        partitions = 2,
        topics = {CommittedRecordsTests.LATE, CommittedRecordsTests.ABORTED, CommittedRecordsTests.LEFT_OPEN})
class CommittedRecordsTests {

    static final String LATE = "late";
    static final String ABORTED = "aborted";
    static final String LEFT_OPEN = "left-open";

    @Test
    void aTransactionStillOpenWhenTheReadStartsIsReadWholeOnceItCommits(EmbeddedKafkaBroker broker) throws Exception {
        try (KafkaProducer<String, String> producer = producer(broker, "late")) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(LATE, i % 2, "k" + i, "v" + i));
            }
            producer.flush();
            // Committed while the reader is already waiting: it stands for a commit whose markers arrive late.
            CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> {
                sleep(300);
                producer.commitTransaction();
            });

            var records = CommittedRecords.read(broker.getBrokersAsString(), LATE);

            commit.get(30, TimeUnit.SECONDS);
            assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(keys(10));
        }
    }

    @Test
    void anAbortedTransactionIsNotRead(EmbeddedKafkaBroker broker) {
        try (KafkaProducer<String, String> producer = producer(broker, "aborted")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(ABORTED, 0, "gone", "v"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(ABORTED, 0, "k0", "v"));
            producer.send(new ProducerRecord<>(ABORTED, 1, "k1", "v"));
            producer.commitTransaction();

            assertThat(CommittedRecords.read(broker.getBrokersAsString(), ABORTED))
                    .extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrder(keys(2));
        }
    }

    /** A transaction that does not end (a killed fetcher's, until the broker aborts it): the read ends before it. */
    @Test
    void aTransactionLeftOpenIsNotReadAndDoesNotHoldTheReadUp(EmbeddedKafkaBroker broker) {
        try (KafkaProducer<String, String> committed = producer(broker, "committed");
                KafkaProducer<String, String> open = producer(broker, "open")) {
            committed.initTransactions();
            committed.beginTransaction();
            committed.send(new ProducerRecord<>(LEFT_OPEN, 0, "k0", "v"));
            committed.send(new ProducerRecord<>(LEFT_OPEN, 1, "k1", "v"));
            committed.commitTransaction();
            open.initTransactions();
            open.beginTransaction();
            open.send(new ProducerRecord<>(LEFT_OPEN, 0, "open", "v"));
            open.flush();

            assertThat(CommittedRecords.read(broker.getBrokersAsString(), LEFT_OPEN))
                    .extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrder(keys(2));
            open.abortTransaction();
        }
    }

    private static String[] keys(int count) {
        String[] keys = new String[count];
        for (int i = 0; i < count; i++) {
            keys[i] = "k" + i;
        }
        return keys;
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafkaBroker broker, String transactionalId) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.getBrokersAsString(),
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                        transactionalId),
                new StringSerializer(),
                new StringSerializer());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
