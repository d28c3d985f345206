package dev.pipeline.processor.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.ErrorKind;
import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.SourceStats;
import dev.pipeline.common.Topics;
import dev.pipeline.processor.ProcessorProperties;
import dev.pipeline.processor.TestProcessorProperties;
import dev.pipeline.processor.store.LocalReportStore;
import dev.pipeline.processor.store.ReportStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * A run's events read twice: once more because its partition was replayed (a rebalance), or because
 * a task was committed twice. Only the second is a second copy of the task's output.
 */
class RunLedgerTests {

    private static final TopicPartition RUNS = new TopicPartition(Topics.RUNS, 0);
    private static final TopicPartition PRODUCTS = new TopicPartition(Topics.PRODUCTS, 0);
    private static final String RUN = "run-replayed";

    private Path root;
    private RunLedger ledger;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createTempDirectory("ledger");
        ProcessorProperties properties = TestProcessorProperties.under(root);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ReportStore store = new LocalReportStore(properties);
        ledger = new RunLedger(properties, new AbandonedRuns(store, meters), store, meters);
    }

    @AfterEach
    void tearDown() throws IOException {
        ledger.openRuns().forEach(ledger::reported);
        FileSystemUtils.deleteRecursively(root);
    }

    @Test
    void aTaskDoneReadAgainAfterARebalanceKeepsItsTrysErrorsAndCountsItsProductsOnce() {
        List<RunEvent> events = List.of(started(), failed("try-1"), done("try-1", 2, 41));
        for (int pass = 0; pass < 2; pass++) { // the second pass: the partition replayed from its committed offset
            for (int offset = 0; offset < events.size(); offset++) {
                ledger.event(events.get(offset), RUNS, offset);
            }
        }

        OpenRun run = ledger.find(RUN).orElseThrow();
        assertThat(errors(run)).isEqualTo(1);
        assertThat(run.end().productsPublished()).isEqualTo(2);
        assertThat(run.end().lastOffsets()).isEqualTo(Map.of(0, 41L));
    }

    @Test
    void aTaskCommittedTwiceHasBothCopiesOfItsProductsPublishedAndTheSecondTrysErrorsTakenOut() {
        ledger.event(started(), RUNS, 0);
        ledger.event(failed("try-1"), RUNS, 1);
        ledger.event(done("try-1", 2, 41), RUNS, 2);
        ledger.event(failed("try-2"), RUNS, 3);
        ledger.event(done("try-2", 2, 57), RUNS, 4);

        OpenRun run = ledger.find(RUN).orElseThrow();
        assertThat(errors(run)).isEqualTo(1);
        // Both copies were written and are read: the run waits for the second and counts it published.
        assertThat(run.end().productsPublished()).isEqualTo(4);
        assertThat(run.end().lastOffsets()).isEqualTo(Map.of(0, 57L));
    }

    @Test
    void aTaskCommittedTwiceAndThenReplayedKeepsTheSecondTrysErrorsOut() {
        List<RunEvent> events =
                List.of(started(), failed("try-1"), done("try-1", 2, 41), failed("try-2"), done("try-2", 2, 57));
        for (int pass = 0; pass < 2; pass++) { // the second pass: the partition replayed after a rebalance
            for (int offset = 0; offset < events.size(); offset++) {
                ledger.event(events.get(offset), RUNS, offset);
            }
        }

        OpenRun run = ledger.find(RUN).orElseThrow();
        assertThat(errors(run)).isEqualTo(1);
        assertThat(run.end().productsPublished()).isEqualTo(4);
    }

    @Test
    void onlyATasksFirstTaskDoneCountsTowardsItsSourcesHighWaterMark() {
        ledger.event(started(), RUNS, 0);
        ledger.event(withHighWater(done("try-1", 2, 41), "2026-01-01T03:00:00Z"), RUNS, 1);
        // The same task committed again (a commit that timed out at the fetcher but went through),
        // having seen a later item: its TaskDone is not counted, nor is its mark.
        ledger.event(withHighWater(done("try-2", 2, 57), "2026-01-01T09:00:00Z"), RUNS, 2);

        SourceCursor cursor = ledger.find(RUN).orElseThrow().sourceCursors().get("shop");
        assertThat(cursor.highWater()).isEqualTo("2026-01-01T03:00:00Z");
        assertThat(cursor.clean()).isTrue();
    }

    @Test
    void aSecondCopyOfATaskWhoseTaskDoneIsNotReadYetDoesNotMakeUpForRecordsNeverRead() {
        ledger.event(started(), RUNS, 0);
        ledger.event(done("try-1", 3, 4), RUNS, 1); // its three records at offsets 0, 2 and 4
        ledger.product(product("1"), PRODUCTS, 0, "try-1");
        ledger.product(product("2"), PRODUCTS, 2, "try-1");
        // Offset 4 is never read. The task's second copy (committed again, its TaskDone further on,
        // not read yet) is: two records as many as the one missing, which a count of every record
        // read took for it, and reported nothing.
        ledger.product(product("1"), PRODUCTS, 5, "try-2");
        ledger.product(product("2"), PRODUCTS, 6, "try-2");
        OpenRun run = ledger.find(RUN).orElseThrow();

        assertThat(ledger.checkRecordsRead(run)).isEqualTo(1);
        assertThat(errorKinds(run)).containsExactly(ErrorKind.RECORDS_LOST.wireName());
    }

    @Test
    void aDeadLetteredTaskDoesNotSwitchOffTheCheckForTheRunsOtherTasks() {
        ledger.event(
                new RunEvent.Started(RUN, List.of("shop"), Instant.now(), Map.of(0, 0L), List.of("shop:p0", "shop:p1")),
                RUNS,
                0);
        ledger.event(done("try-1", 3, 4), RUNS, 1);
        // The other task failed on every try: its TaskDone names no try and published nothing.
        ledger.event(deadLettered("shop:p1"), RUNS, 2);
        ledger.product(product("1"), PRODUCTS, 0, "try-1");
        ledger.product(product("2"), PRODUCTS, 2, "try-1");
        ledger.product(product("1"), PRODUCTS, 5, "try-2");
        ledger.product(product("2"), PRODUCTS, 6, "try-2");
        OpenRun run = ledger.find(RUN).orElseThrow();

        assertThat(ledger.checkRecordsRead(run)).isEqualTo(1);
        assertThat(errorKinds(run)).contains(ErrorKind.RECORDS_LOST.wireName());
    }

    @Test
    void recordsReadAgainAreCountedOverTheStoreOnlyForTheTriesThatCount() {
        ledger.event(started(), RUNS, 0);
        ledger.event(done("try-1", 3, 4), RUNS, 1);
        ledger.product(product("1"), PRODUCTS, 0, "try-1");
        ledger.product(product("2"), PRODUCTS, 2, "try-1");
        ledger.product(product("1"), PRODUCTS, 5, "try-2");
        ledger.product(product("1"), PRODUCTS, 0, "try-1"); // a replay: counted over the store's keys
        OpenRun run = ledger.find(RUN).orElseThrow();

        assertThat(ledger.checkRecordsRead(run)).isEqualTo(1);
    }

    @Test
    void theSecondCopysRecordsCountOnceItsTaskDoneIsRead() {
        ledger.event(started(), RUNS, 0);
        ledger.event(done("try-1", 2, 2), RUNS, 1);
        ledger.product(product("1"), PRODUCTS, 0, "try-1");
        ledger.product(product("2"), PRODUCTS, 2, "try-1");
        ledger.product(product("1"), PRODUCTS, 5, "try-2");
        ledger.product(product("2"), PRODUCTS, 6, "try-2");
        ledger.event(done("try-2", 2, 6), RUNS, 2);
        OpenRun run = ledger.find(RUN).orElseThrow();

        assertThat(run.end().productsPublished()).isEqualTo(4);
        assertThat(ledger.checkRecordsRead(run)).isZero();
    }

    @Test
    void recordsThatNameNoTryCountForEveryTry() {
        ledger.event(started(), RUNS, 0);
        ledger.event(done("try-1", 2, 2), RUNS, 1);
        ledger.product(product("1"), PRODUCTS, 0); // written by a fetcher that did not name its tries
        ledger.product(product("2"), PRODUCTS, 2);
        OpenRun run = ledger.find(RUN).orElseThrow();

        assertThat(ledger.checkRecordsRead(run)).isZero();
    }

    private static ProductRecord product(String id) {
        return new ProductRecord(
                ProductRecord.CURRENT_VERSION,
                RUN,
                "shop",
                id,
                "Item " + id,
                1.5,
                "tools",
                "http://upstream/shop",
                Instant.parse("2026-01-01T00:00:00Z"),
                Map.of());
    }

    private static List<String> errorKinds(OpenRun run) {
        List<String> kinds = new java.util.ArrayList<>();
        run.withStore(store -> store.forEachError((key, value) -> kinds.add(PipelineJson.mapper()
                .readTree(value)
                .path(dev.pipeline.common.report.ReportKeys.Errors.KIND)
                .asString())));
        return kinds;
    }

    private static RunEvent.TaskDone withHighWater(RunEvent.TaskDone done, String highWater) {
        return new RunEvent.TaskDone(
                done.runId(),
                done.taskId(),
                done.source(),
                done.fetcher(),
                done.attempt(),
                done.children(),
                done.stats(),
                done.pages(),
                0,
                done.lastOffsets(),
                done.productsPublished(),
                done.failure(),
                done.endpoint(),
                done.finishedAt(),
                highWater,
                0L);
    }

    private static long errors(OpenRun run) {
        return run.withStore(store -> store.forEachError((key, value) -> {}));
    }

    private static RunEvent.Started started() {
        return new RunEvent.Started(RUN, List.of("shop"), Instant.now(), Map.of(0, 0L), List.of("shop:p0"));
    }

    private static RunEvent.FetchFailed failed(String attempt) {
        return new RunEvent.FetchFailed(
                RUN,
                "shop",
                "http://upstream/shop?page=2",
                "item 3: no title",
                ErrorKind.INVALID_ITEM.wireName(),
                1,
                Instant.now(),
                attempt);
    }

    /** What the fetcher's {@code TaskFailures} writes for a task that failed on every try. */
    private static RunEvent.TaskDone deadLettered(String taskId) {
        return new RunEvent.TaskDone(
                RUN,
                taskId,
                "shop",
                "fetcher-1",
                null,
                List.of(),
                SourceStats.NONE,
                0,
                0,
                Map.of(),
                0,
                "task dead-lettered: boom",
                "http://upstream/shop",
                Instant.now());
    }

    private static RunEvent.TaskDone done(String attempt, long published, long lastOffset) {
        return new RunEvent.TaskDone(
                RUN,
                "shop:p0",
                "shop",
                "fetcher-1",
                attempt,
                List.of(),
                new SourceStats(1, 1, 0, 0, 3, 1),
                1,
                1,
                Map.of(0, lastOffset),
                published,
                null,
                "http://upstream/shop",
                Instant.now());
    }
}
