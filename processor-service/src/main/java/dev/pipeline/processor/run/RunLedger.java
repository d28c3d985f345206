package dev.pipeline.processor.run;

import dev.pipeline.common.ErrorKind;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunEnd;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.Topics;
import dev.pipeline.common.report.AbandonedMarker;
import dev.pipeline.common.report.ReportRows;
import dev.pipeline.processor.ProcessorProperties;
import dev.pipeline.processor.store.ReportStore;
import dev.pipeline.processor.store.Stored;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/**
 * Every run this instance has records of and has not reported yet. Each record read is stored
 * with its run, and its offset marked, before the next one: so the marks never claim more than
 * the stores hold. Runs already reported (their report is in the {@link ReportStore}) or given up
 * (their {@link AbandonedRuns marker} is), here or by whichever instance announced them on
 * {@code pipeline.runs} ({@link #announced}), are skipped. At most {@code max-open-runs} are open at once.
 */
@Component
public class RunLedger {

    private static final Logger log = LoggerFactory.getLogger(RunLedger.class);

    /** The {@code records_lost} error sorts after every error read from Kafka (their keys start with a topic name). */
    private static final byte[] RECORDS_LOST_KEY = "\uFFFFrecords_lost".getBytes(StandardCharsets.UTF_8);
    /** Unreadable records of no known run kept per partition, at most: they are rare, and only ever counted. */
    private static final int UNATTRIBUTED_KEPT = 10_000;

    private final ProcessorProperties properties;
    private final AbandonedRuns abandoned;
    private final ReportStore store;
    private final PartitionMarks marks = new PartitionMarks();
    private final Map<String, OpenRun> open = new ConcurrentHashMap<>();
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    /** Runs some processor instance announced as done with ({@code reported} on {@code pipeline.runs}). */
    private final Set<String> announced = ConcurrentHashMap.newKeySet();
    /** See {@link #onRefused}. */
    private volatile java.util.function.Consumer<Stored> refusals = marker -> {};
    /** Runs given up because not even a report of what could be written was possible: why, by run id. */
    private final Map<String, String> failed = new ConcurrentHashMap<>();

    private final PriceRule prices;
    /**
     * Per products partition, the offsets of records that could not be read and named no run: any
     * open run may have published them, so a run does not count them as lost when they are in its range.
     */
    private final Map<TopicPartition, NavigableSet<Long>> unattributed = new ConcurrentHashMap<>();

    private final Counter recordsLost;

    RunLedger(ProcessorProperties properties, AbandonedRuns abandoned, ReportStore store, MeterRegistry meters)
            throws IOException {
        this.properties = properties;
        this.prices = new PriceRule(properties.maxPrice());
        this.abandoned = abandoned;
        this.store = store;
        this.recordsLost = Counter.builder("pipeline.records.lost")
                .description("product records runs published that were gone before they were read")
                .register(meters);
        // The stores are caches of what Kafka holds; a restart rebuilds them by replaying. The
        // catalogue's store is not a run's: it resumes from the offsets stored with it.
        wipeRunStores(properties.workDir(), properties.catalogDir());
    }

    private static void wipeRunStores(Path workDir, Path keep) throws IOException {
        if (!Files.isDirectory(workDir)) {
            FileSystemUtils.deleteRecursively(workDir); // a file in its place, as the whole wipe did before
        }
        Files.createDirectories(workDir);
        try (var children = Files.list(workDir)) {
            for (Path child : (Iterable<Path>) children::iterator) {
                if (!child.equals(keep)) {
                    FileSystemUtils.deleteRecursively(child);
                }
            }
        }
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

    /**
     * Whether the run is done with: its report is written, or it was given up (its report or marker
     * is in the store), or the instance that did either announced it (so with no store shared
     * between them). A yes is kept: the store is asked again only about runs not done with.
     */
    public boolean isReported(String runId) {
        return reported.contains(runId) || announced.contains(runId) || (isDone(runId) && reported.add(runId));
    }

    /**
     * Whether the run is known here to be done with, without asking the store: reported (or given up)
     * here, or announced. What is asked often (each commit interval) asks only this: with an object
     * store, asking the store is a request per run each time.
     */
    public boolean isKnownReported(String runId) {
        return reported.contains(runId) || announced.contains(runId);
    }

    private boolean isDone(String runId) {
        try {
            return store.isDone(runId);
        } catch (IOException e) {
            // Like a store that cannot be written: the record is retried with backoff, never skipped.
            throw new UncheckedIOException("cannot tell whether run " + runId + " is reported", e);
        }
    }

    /**
     * The earliest any record of an open run here may have been written. A report written after it
     * may have records behind that run's on a partition, which a restart replays: it must stay, or
     * its run would be read as a new one (see retention).
     */
    public Optional<Instant> oldestOpenRunSince() {
        return open.values().stream().map(OpenRun::earliest).min(Instant::compareTo);
    }

    public void product(ProductRecord product, TopicPartition partition, long offset) {
        product(product, partition, offset, null);
    }

    /**
     * A product read by this instance's consumer, published by the task's try {@code attempt} (its
     * {@link ProductRecord#ATTEMPT_HEADER}; {@code null} when the record does not say).
     */
    public void product(ProductRecord product, TopicPartition partition, long offset, String attempt) {
        OpenRun run = openOrNull(product.runId());
        if (run != null) {
            accept(run, product, partition, offset, attempt);
            run.touched();
        }
        mark(partition, offset, run);
    }

    /** A product of the run read directly from a partition another instance consumes. */
    public void productFromRange(
            OpenRun run, ProductRecord product, TopicPartition partition, long offset, String attempt) {
        accept(run, product, partition, offset, attempt);
    }

    /**
     * A product, or an {@code invalid_item} error of its run when its price is not one a report can
     * hold (see {@link PriceRule}); keyed by where it was read either way, so a replay is idempotent,
     * and counted as read either way, so it is never taken for a lost record.
     */
    private void accept(OpenRun run, ProductRecord product, TopicPartition partition, long offset, String attempt) {
        String problem = prices.problemWith(product.price());
        if (problem == null) {
            store(run, product, partition, offset, attempt);
        } else {
            storeError(
                    run,
                    partition,
                    offset,
                    product.endpoint(),
                    "item " + product.externalId() + ": " + problem,
                    product.fetchedAt() == null ? Instant.now() : product.fetchedAt(),
                    product.source(),
                    ErrorKind.INVALID_ITEM.wireName(),
                    0);
            recordRead(run, partition, offset, attempt);
        }
    }

    /** A record of the run's range that could not be read (its partition's consumer dead-letters it). */
    public void unreadableFromRange(OpenRun run, TopicPartition partition, long offset, String reason) {
        storeError(
                run,
                partition,
                offset,
                "kafka:" + partition + "@" + offset,
                reason,
                Instant.now(),
                null,
                ErrorKind.UNREADABLE_RECORD.wireName(),
                0);
        recordRead(run, partition, offset, null);
    }

    /** A record of the run's range that could not be read and names no run: it may be this run's. */
    public void unattributedFromRange(TopicPartition partition, long offset) {
        unattributed(partition, offset);
    }

    private static void store(
            OpenRun run, ProductRecord product, TopicPartition partition, long offset, String attempt) {
        byte[] key = SortKey.of(product.source(), product.externalId());
        byte[] value = StoredProduct.encode(product, Instant.now());
        run.withStore(store -> {
            store.putProductRead(key, value, partition.partition(), offset, attempt);
            return null;
        });
        run.productStored();
        run.writtenAtOrAfter(product.fetchedAt());
    }

    private static void recordRead(OpenRun run, TopicPartition partition, long offset, String attempt) {
        if (Topics.PRODUCTS.equals(partition.topic())) {
            run.withStore(store -> {
                store.putRecordRead(partition.partition(), offset, attempt);
                return null;
            });
        }
    }

    private void unattributed(TopicPartition partition, long offset) {
        if (Topics.PRODUCTS.equals(partition.topic())) {
            NavigableSet<Long> offsets = unattributed.computeIfAbsent(partition, p -> new ConcurrentSkipListSet<>());
            offsets.add(offset);
            while (offsets.size() > UNATTRIBUTED_KEPT) {
                offsets.pollFirst();
            }
        }
    }

    /**
     * Compares what the run's tasks say they published with the records of it read,
     * each counted once however often it was read, so duplicate products within the run (one
     * product, several records) never look like a loss; only records of tries whose {@code TaskDone}
     * counted ({@link OpenRun#countsRecordsOf}), so that a task's second copy whose {@code TaskDone}
     * was not read cannot make up for records that were never read. Records that could not be read and named no
     * run count as the run's when they are in its range. Fewer read than published means records were
     * removed before they could be read: the run's {@code records_lost} error says how many, and the
     * report says it is incomplete. Called once the run is complete; calling it again changes nothing.
     *
     * @return how many of the run's records were never read
     */
    public long checkRecordsRead(OpenRun run) {
        RunEnd end = run.end();
        long read = run.withStore(store -> store.recordsRead(run::countsRecordsOf)) + unattributedInRange(run, end);
        long missing = Math.max(0, end.productsPublished() - read);
        boolean first = run.missingRecords() == 0;
        run.recordsMissing(missing);
        if (missing > 0) {
            String error = missing + " of the run's " + end.productsPublished() + " product records were never "
                    + "read: removed from " + Topics.PRODUCTS
                    + " before the processor read them, by compaction (a later "
                    + "run wrote the same products while this one waited longer than the topic's min.compaction.lag.ms, "
                    + "e.g. with the processor down) or by retention; the products they held are missing from this report";
            storeError(
                    run,
                    RECORDS_LOST_KEY,
                    "kafka:" + Topics.PRODUCTS,
                    error,
                    Instant.now(),
                    null,
                    ErrorKind.RECORDS_LOST.wireName(),
                    0);
            if (first) {
                recordsLost.increment(missing);
                log.warn("run {} is incomplete: {}", run.runId(), error);
            }
        }
        return missing;
    }

    private long unattributedInRange(OpenRun run, RunEnd end) {
        Map<Integer, Long> start =
                run.started() == null ? Map.of() : run.started().startOffsets();
        long count = 0;
        for (Map.Entry<Integer, Long> last : end.lastOffsets().entrySet()) {
            NavigableSet<Long> offsets = unattributed.get(new TopicPartition(Topics.PRODUCTS, last.getKey()));
            if (offsets != null) {
                count += offsets.subSet(start.getOrDefault(last.getKey(), 0L), true, last.getValue(), true)
                        .size();
            }
        }
        return count;
    }

    public void event(RunEvent event, TopicPartition partition, long offset) {
        if (event instanceof RunEvent.Reported) {
            // Read by the run's owner in order with its events: as good as the announcement reader's
            // copy, and never a reason to open the run.
            announced(event.runId());
            mark(partition, offset, null);
            return;
        }
        OpenRun run = openOrNull(event.runId());
        if (run != null) {
            run.touched();
            run.eventRead(partition);
            switch (event) {
                case RunEvent.Started started -> run.started(started);
                case RunEvent.FetchFailed failed -> {
                    byte[] key = storeError(
                            run,
                            partition,
                            offset,
                            failed.endpoint(),
                            failed.error(),
                            failed.timestamp(),
                            failed.source(),
                            failed.kind(),
                            failed.attempts());
                    if (failed.taskAttempt() != null) {
                        run.errorOfTry(failed.taskAttempt(), key);
                    }
                }
                case RunEvent.TaskDone done -> {
                    if (run.taskDone(done, offset) && done.failure() != null) {
                        storeError(
                                run,
                                partition,
                                offset,
                                done.endpoint(),
                                done.failure(),
                                done.finishedAt(),
                                done.source(),
                                ErrorKind.TASK_FAILED.wireName(),
                                0);
                    }
                }
                case RunEvent.TaskStarted ignored -> {
                    // Who took a task is the fetchers' status; the report does not depend on it.
                }
                case RunEvent.Reported ignored -> {
                    // Taken above, before the run could be opened.
                }
            }
        }
        mark(partition, offset, run);
    }

    /** A record that went to the dead-letter topic: an error of its run, when the run is known. */
    public void unreadable(String runId, TopicPartition partition, long offset, String reason) {
        OpenRun run = runId == null ? null : openOrNull(runId);
        if (run != null) {
            unreadableFromRange(run, partition, offset, reason);
            run.touched();
        } else if (runId == null) {
            unattributed(partition, offset);
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

    /** The run's report is in the store: forget it, and let the offsets of its records be committed. */
    public void reported(OpenRun run) {
        reported.add(run.runId());
        forget(run);
    }

    /**
     * A processor instance announced the run as done with (it wrote the report or the marker, or
     * gave the run up): an open run is forgotten, its records stop holding back commits, and the
     * run is never opened again here. Checked under the lock that opens runs, so a run opened at
     * the same moment is either seen here and forgotten or not opened at all.
     */
    public void announced(String runId) {
        if (!announced.add(runId)) {
            return;
        }
        OpenRun run;
        synchronized (open) {
            run = open.get(runId);
        }
        if (run != null) {
            log.info("run {} forgotten here: a processor instance announced it done with", runId);
            forget(run);
        }
    }

    /** Whether an announcement of the run was read (by this instance's reader or its listener). */
    public boolean isAnnounced(String runId) {
        return announced.contains(runId);
    }

    /** Lets go of the run without a report: its records stop holding back commits; it may be opened again. */
    void forget(OpenRun run) {
        open.remove(run.runId());
        marks.runReported(run.runId());
        run.discard();
    }

    /**
     * The run's ledger entry, opened on its first record; {@code null} when it is done with. A run
     * that would be one more than {@code max-open-runs} is refused, for good and on every instance
     * (a marker says why): open runs each hold a store with its files and native memory, and the
     * alternative, making it wait, would mean pausing partitions on which the open runs' own records
     * come after its — and they interleave on every partition (see ARCHITECTURE.md).
     */
    private OpenRun openOrNull(String runId) {
        OpenRun run = open.get(runId);
        if (run != null || isReported(runId)) {
            return run;
        }
        synchronized (open) {
            run = open.get(runId);
            if (run != null || isReported(runId)) {
                return run;
            }
            if (open.size() >= properties.maxOpenRuns()) {
                refuse(runId);
                return null;
            }
            run = new OpenRun(runId, properties.workDir().resolve(runId));
            open.put(runId, run);
            return run;
        }
    }

    private void refuse(String runId) {
        String reason = "refused: " + open.size() + " runs were already open on this processor "
                + "(pipeline.processor.max-open-runs); start it again once fewer are open";
        Stored marker;
        try {
            marker = abandoned.refused(new AbandonedMarker(runId, reason, Instant.now(), null, 0, 0));
        } catch (IOException e) {
            // Like a store that cannot be written: the record is retried with backoff, never skipped.
            throw new UncheckedIOException("run " + runId + " could not be marked as refused", e);
        }
        reported.add(runId);
        log.warn("run {} {}", runId, reason);
        refusals.accept(marker);
    }

    /**
     * Told of each run refused here, with its marker, so that it is announced like an abandoned one
     * (by the {@code announce} package, which registers itself: this package depends on no reader of
     * Kafka). Called under the ledger's lock: the listener only hands it over.
     */
    public void onRefused(java.util.function.Consumer<Stored> listener) {
        this.refusals = listener;
    }

    /** Errors are keyed by where they were read, which orders them and makes a replay idempotent. */
    private static byte[] storeError(
            OpenRun run,
            TopicPartition partition,
            long offset,
            String endpoint,
            String error,
            Instant timestamp,
            String source,
            String kind,
            int attempts) {
        byte[] topic = partition.topic().getBytes(StandardCharsets.UTF_8);
        byte[] key = ByteBuffer.allocate(topic.length + 1 + 4 + 8)
                .put(topic)
                .put((byte) 0)
                .putInt(partition.partition())
                .putLong(offset)
                .array();
        return storeError(run, key, endpoint, error, timestamp, source, kind, attempts);
    }

    private static byte[] storeError(
            OpenRun run,
            byte[] key,
            String endpoint,
            String error,
            Instant timestamp,
            String source,
            String kind,
            int attempts) {
        byte[] json = ReportRows.error(new ReportRows.ErrorRow(endpoint, error, timestamp, source, kind, attempts));
        run.withStore(store -> {
            store.putError(key, json);
            return null;
        });
        run.errorStored();
        return key;
    }
}
