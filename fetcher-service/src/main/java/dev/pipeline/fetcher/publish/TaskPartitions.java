package dev.pipeline.fetcher.publish;

import dev.pipeline.common.FetchTask;
import dev.pipeline.common.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Where tasks planned together go: one partition of {@code pipeline.fetch-tasks} after the other,
 * from a partition picked by {@code seed}, rather than by their keys' hashes. Hashing a run's few
 * dozen tasks leaves some partitions with twice the average and others with none, and the consumer
 * with the most is the run's tail; in turn, every partition's consumer gets its share to within one.
 * A task's key is unchanged: readers check it, and nothing else depends on where a task is.
 */
final class TaskPartitions {

    private TaskPartitions() {}

    static List<ProducerRecord<String, Object>> records(
            Producer<String, Object> producer, String seed, List<FetchTask> tasks) {
        int partitions = producer.partitionsFor(Topics.FETCH_TASKS).size();
        int next = Math.floorMod(seed.hashCode(), partitions);
        List<ProducerRecord<String, Object>> records = new ArrayList<>(tasks.size());
        for (FetchTask task : tasks) {
            records.add(new ProducerRecord<>(Topics.FETCH_TASKS, next, task.key(), task));
            next = (next + 1) % partitions;
        }
        return records;
    }
}
