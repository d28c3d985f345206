package dev.pipeline.fetcher.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.FetchTask;
import dev.pipeline.common.Topics;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** Tasks planned together reach every partition of a real broker's tasks topic, each to within one. */
class TaskPartitionsTests {

    private static final int PARTITIONS = 8;

    private static EmbeddedKafkaKraftBroker broker;
    private static Producer<String, Object> producer;

    @BeforeAll
    static void start() {
        broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, Topics.FETCH_TASKS);
        broker.kafkaPorts(0);
        broker.afterPropertiesSet();
        producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", broker.getBrokersAsString()),
                new StringSerializer(),
                new JacksonJsonSerializer<>());
    }

    @AfterAll
    static void stop() {
        producer.close();
        broker.destroy();
    }

    private static List<FetchTask> tasks(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> FetchTask.pages("run-20261128T120000Z-abcdef", "s", List.of("http://x/" + i), i + 1))
                .toList();
    }

    @Test
    void tasksPlannedTogetherAreSpreadOverEveryPartitionToWithinOne() {
        List<ProducerRecord<String, Object>> records = TaskPartitions.records(producer, "a task", tasks(20));

        Map<Integer, Long> perPartition =
                records.stream().collect(Collectors.groupingBy(ProducerRecord::partition, Collectors.counting()));
        assertThat(perPartition).hasSize(PARTITIONS);
        assertThat(perPartition.values()).allSatisfy(count -> assertThat(count).isBetween(2L, 3L));
    }

    @Test
    void eachTaskKeepsItsKeyAndValue() {
        List<FetchTask> tasks = tasks(3);
        List<ProducerRecord<String, Object>> records = TaskPartitions.records(producer, "a task", tasks);

        assertThat(records).extracting(ProducerRecord::topic).containsOnly(Topics.FETCH_TASKS);
        assertThat(records)
                .extracting(ProducerRecord::key)
                .containsExactlyElementsOf(tasks.stream().map(FetchTask::key).toList());
        assertThat(records).extracting(ProducerRecord::value).containsExactlyElementsOf(tasks);
    }

    @Test
    void fewerTasksThanPartitionsEachGetTheirOwn() {
        assertThat(TaskPartitions.records(producer, "another task", tasks(5)))
                .extracting(ProducerRecord::partition)
                .doesNotHaveDuplicates();
    }
}
