package dev.pipeline.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Everything measured for one workload in one run of the benchmark: the pipeline end to end, and
 * Kafka's own produce and consume rate on the same broker, for the same number of records of the
 * same size. Ratios compare figures from this run only.
 *
 * @param expectedProducts     what the report must hold: the workload's records, or for the seed
 *                             workload the items the fetcher found
 * @param endToEndSeconds      from just before {@code POST /api/runs} to the report file existing
 *                             (checked every 20 ms)
 * @param fetchSeconds         the fetcher's own run time: its {@code startedAt} to {@code finishedAt}
 * @param lastConsumedToReportMinSeconds from the latest moment the processor's consumed counter can
 *                             have reached its final value to the report on disk (sampled every 200 ms,
 *                             so the true figure lies between min and max)
 * @param reportWriteSeconds   the processor's {@code pipeline.report.write} timer: figures, writing,
 *                             fsync and rename
 * @param recordBytes          mean key + value bytes of the run's records on {@code pipeline.products},
 *                             the record size given to ProducerPerformance
 * @param loadAverage          the machine's 1-minute load average at the trigger and when the report
 *                             appeared ({@code /proc/loadavg}): other work on a shared machine shows here
 */
record WorkloadResult(
        String workload,
        String title,
        String runId,
        long expectedProducts,
        long reportProducts,
        long reportErrors,
        long itemsFetched,
        long pagesFetched,
        long fetchRequests,
        double endToEndSeconds,
        double fetchSeconds,
        Double lastConsumedToReportMinSeconds,
        Double lastConsumedToReportMaxSeconds,
        Double reportWriteSeconds,
        long reportBytes,
        double recordBytes,
        int partitions,
        KafkaPerf.Produced producer,
        KafkaPerf.Consumed consumer,
        Map<String, ServiceFigures> services,
        Map<String, List<String>> profiles,
        String loadAverage) {

    WorkloadResult {
        services = Map.copyOf(services);
        profiles = profiles == null ? Map.of() : Map.copyOf(profiles);
    }

    @JsonProperty
    double endToEndRecordsPerSecond() {
        return reportProducts / endToEndSeconds;
    }

    @JsonProperty
    double fetchRequestsPerSecond() {
        return fetchSeconds <= 0 ? 0 : fetchRequests / fetchSeconds;
    }

    /** The consumer's rate without its group join: the pipeline's processor joined before the run started. */
    @JsonProperty
    double baselineConsumerRecordsPerSecond() {
        return consumer.fetchRecordsPerSecond() > 0 ? consumer.fetchRecordsPerSecond() : consumer.recordsPerSecond();
    }

    /** Produce and consume overlapped, as in the pipeline: the slower of the two bounds the rate. */
    @JsonProperty
    double baselineMinRecordsPerSecond() {
        return Math.min(producer.recordsPerSecond(), baselineConsumerRecordsPerSecond());
    }

    /** Produce everything, then consume it: {@code 1 / (1/p + 1/c)}. */
    @JsonProperty
    double baselineSerialRecordsPerSecond() {
        return 1 / (1 / producer.recordsPerSecond() + 1 / baselineConsumerRecordsPerSecond());
    }

    /** The headline ratio: end-to-end rate ÷ min(producer rate, consumer rate). */
    @JsonProperty
    double ratioToMin() {
        return endToEndRecordsPerSecond() / baselineMinRecordsPerSecond();
    }

    /** The lenient ratio: end-to-end rate ÷ 1/(1/p + 1/c). */
    @JsonProperty
    double ratioToSerial() {
        return endToEndRecordsPerSecond() / baselineSerialRecordsPerSecond();
    }

    ServiceFigures service(String name) {
        return services.get(name);
    }
}
