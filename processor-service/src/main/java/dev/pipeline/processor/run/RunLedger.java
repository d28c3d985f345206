package dev.pipeline.processor.run;

import dev.pipeline.common.ErrorKind;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunEvent;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every run this instance has records of and has not reported yet. Each record read is stored
 * with its run, and its offset marked, before the next one: so the marks never claim more than
 * the stores hold. Runs already reported (their report is on disk) are skipped.
 */
@Component
public class RunLedger {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Logger log = LoggerFactory.getLogger(RunLedger.class);

    private final ProcessorProperties properties;
    private final PartitionMarks marks = new PartitionMarks();
    private final Map<String, OpenRun> open = new ConcurrentHashMap<>();
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    /** Runs given up because not even a report of what could be written was possible: why, by run id. */
    private final Map<String, String> failed = new ConcurrentHashMap<>();
    private final PriceRule prices;

    RunLedger(ProcessorProperties properties) throws IOException {
        this.properties = properties;
        this.prices = new PriceRule(properties.maxPrice());
        // The stores are caches of what Kafka holds; a restart rebuilds them by replaying.
        FileSystemUtils.deleteRecursively(properties.workDir());
        Files.createDirectories(properties.workDir());
        Files.createDirectories(properties.outputDir());
    }

    public PartitionMarks marks() {
        return marks;
    }

    public Optional<OpenRun> find(String runId) {
        return Optional.ofNullable(open.get(runId));
    }

    public Collection<OpenRun> openRuns() {
        return open.values();
    }

    public boolean isReported(String runId) {
        return reported.contains(runId) || (Files.exists(reportPath(runId)) && reported.add(runId));
    }

    public Path reportPath(String runId) {
        return properties.outputDir().resolve(runId + ".json");
    }

    public void product(ProductRecord product, TopicPartition partition, long offset) {
        OpenRun run = openOrNull(product.runId());
        if (run != null) {
            accept(run, product, partition, offset);
        }
        mark(partition, offset, run);
    }

    /** A product of the run read directly from a partition another instance consumes. */
    public void productFromRange(OpenRun run, ProductRecord product, TopicPartition partition, long offset) {
        accept(run, product, partition, offset);
    }

    /**
     * A product, or an {@code invalid_item} error of its run when its price is not one a report can
     * hold (see {@link PriceRule}); keyed by where it was read either way, so a replay is idempotent.
     */
    private void accept(OpenRun run, ProductRecord product, TopicPartition partition, long offset) {
        String problem = prices.problemWith(product.price());
        if (problem == null) {
            store(run, product);
        } else {
            storeError(run, partition, offset, product.endpoint(), "item " + product.externalId() + ": " + problem,
                    product.fetchedAt() == null ? Instant.now() : product.fetchedAt(), product.source(),
                    ErrorKind.INVALID_ITEM.wireName(), 0);
        }
    }

    /** A record of the run's range that could not be read (its partition's consumer dead-letters it). */
    public void unreadableFromRange(OpenRun run, TopicPartition partition, long offset, String reason) {
        storeError(run, partition, offset, "kafka:" + partition + "@" + offset, reason, Instant.now(),
                null, ErrorKind.UNREADABLE_RECORD.wireName(), 0);
    }

    private static void store(OpenRun run, ProductRecord product) {
        byte[] key = SortKey.of(product.source(), product.externalId());
        byte[] value = StoredProduct.encode(product, Instant.now(), JSON);
        run.withStore(store -> {
            store.putProduct(key, value);
            return null;
        });
        run.productStored();
    }

    /**
     * Forgets open runs whose report another instance has written (instances share the output
     * directory), so their records stop holding back this instance's commits.
     */
    public void releaseRunsReportedElsewhere() {
        Instant abandonedBefore = Instant.now().minus(properties.abandonAfter());
        for (OpenRun run : open.values()) {
            if (run.fetched() == null && Files.exists(reportPath(run.runId()))) {
                reported(run);
            } else if (run.fetched() == null && run.firstSeen().isBefore(abandonedBefore)) {
                // Its fetcher died or failed before the final event: no report can claim it complete,
                // and it must not hold back commits until compaction takes its records.
                log.warn("run {} abandoned: no final event within {} of reading it; {} products dropped",
                        run.runId(), properties.abandonAfter(), run.productsConsumed());
                reported(run);
            }
        }
    }

    public void event(RunEvent event, TopicPartition partition, long offset) {
        OpenRun run = openOrNull(event.runId());
        if (run != null) {
            switch (event) {
                case RunEvent.Started started -> run.started(started);
                case RunEvent.FetchFailed failed -> {
                    byte[] key = storeError(run, partition, offset, failed.endpoint(), failed.error(),
                            failed.timestamp(), failed.source(), failed.kind(), failed.attempts());
                    if (failed.taskAttempt() != null) {
                        run.errorOfTry(failed.taskAttempt(), key);
                    }
                }
                case RunEvent.SourceFinished finished -> run.sourceFinished(finished);
                case RunEvent.Fetched fetched -> run.fetched(fetched);
                case RunEvent.TaskDone done -> {
                    if (run.taskDone(done) && done.failure() != null) {
                        storeError(run, partition, offset, done.endpoint(), done.failure(), done.finishedAt(),
                                done.source(), ErrorKind.TASK_FAILED.wireName(), 0);
                    }
                }
                case RunEvent.TaskStarted ignored -> {
                    // Who took a task is the fetchers' status; the report does not depend on it.
                }
            }
        }
        mark(partition, offset, run);
    }

    /** A record that went to the dead-letter topic: an error of its run, when the run is known. */
    public void unreadable(String runId, TopicPartition partition, long offset, String reason) {
        OpenRun run = runId == null ? null : openOrNull(runId);
        if (run != null) {
            storeError(run, partition, offset, "kafka:" + partition + "@" + offset, reason, Instant.now(),
                    null, ErrorKind.UNREADABLE_RECORD.wireName(), 0);
        }
        mark(partition, offset, run);
    }

    /**
     * Marks the record as consumed. A run reported while its record was being stored (a range read
     * finished it meanwhile) must not be marked again: its mark would hold back commits for good.
     */
    private void mark(TopicPartition partition, long offset, OpenRun run) {
        marks.consumed(partition, offset, run == null ? null : run.runId());
        if (run != null && !open.containsKey(run.runId())) {
            marks.runReported(run.runId());
        }
    }

    /**
     * The run cannot be reported at all, not even with a {@code report_failed} error: it is given up
     * like a reported one (its records stop holding back commits), and its state says why.
     */
    public void failed(OpenRun run, String reason) {
        failed.put(run.runId(), reason);
        reported(run);
    }

    /** Why the run was given up, when it was (see {@link #failed}). */
    public Optional<String> failure(String runId) {
        return Optional.ofNullable(failed.get(runId));
    }

    /** The run's report is on disk: forget it, and let the offsets of its records be committed. */
    public void reported(OpenRun run) {
        reported.add(run.runId());
        open.remove(run.runId());
        marks.runReported(run.runId());
        run.discard();
    }

    private OpenRun openOrNull(String runId) {
        OpenRun run = open.get(runId);
        if (run != null || isReported(runId)) {
            return run;
        }
        return open.computeIfAbsent(runId, id -> new OpenRun(id, properties.workDir().resolve(id)));
    }

    /** Errors are keyed by where they were read, which orders them and makes a replay idempotent. */
    private static byte[] storeError(OpenRun run, TopicPartition partition, long offset, String endpoint, String error,
                                     Instant timestamp, String source, String kind, int attempts) {
        byte[] topic = partition.topic().getBytes(StandardCharsets.UTF_8);
        byte[] key = ByteBuffer.allocate(topic.length + 1 + 4 + 8).put(topic).put((byte) 0)
                .putInt(partition.partition()).putLong(offset).array();
        ByteArrayOutputStream json = new ByteArrayOutputStream(256);
        try (JsonGenerator out = JSON.createGenerator(json)) {
            out.writeStartObject();
            out.writeStringProperty("endpoint", endpoint);
            out.writeStringProperty("error", error);
            out.writeStringProperty("timestamp", String.valueOf(timestamp));
            out.writeStringProperty("source", source);
            out.writeStringProperty("kind", kind);
            out.writeNumberProperty("attempts", attempts);
            out.writeEndObject();
        }
        run.withStore(store -> {
            store.putError(key, json.toByteArray());
            return null;
        });
        run.errorStored();
        return key;
    }
}
