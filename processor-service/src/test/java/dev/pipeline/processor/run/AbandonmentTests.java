package dev.pipeline.processor.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.Topics;
import dev.pipeline.common.report.ReportState;
import dev.pipeline.processor.ProcessorProperties;
import dev.pipeline.processor.TestProcessorProperties;
import dev.pipeline.processor.store.LocalReportStore;
import dev.pipeline.processor.store.ReportStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * The step that lets go of open runs without a report of this instance's: a quiet run it owns is
 * abandoned (a marker), a quiet run it does not own is released after twice the time (no marker),
 * a run reported elsewhere is forgotten as done with.
 */
class AbandonmentTests {

    private static final Duration ABANDON_AFTER = Duration.ofMillis(300);
    private static final TopicPartition RUNS = new TopicPartition(Topics.RUNS, 0);
    private static final TopicPartition PRODUCTS = new TopicPartition(Topics.PRODUCTS, 0);
    private static final String RUN = "run-quiet";

    private Path root;
    private RunLedger ledger;
    private AbandonedRuns abandoned;
    private Abandonment abandonment;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createTempDirectory("abandonment");
        ProcessorProperties properties =
                TestProcessorProperties.with(root.resolve("out"), root.resolve("work"), ABANDON_AFTER);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ReportStore store = new LocalReportStore(properties);
        abandoned = new AbandonedRuns(store, meters);
        ledger = new RunLedger(properties, abandoned, store, meters);
        abandonment = new Abandonment(ledger, abandoned, properties);
    }

    @AfterEach
    void tearDown() throws IOException {
        ledger.openRuns().forEach(ledger::reported);
        FileSystemUtils.deleteRecursively(root);
    }

    @Test
    void aRunWhoseEventsAreReadHereIsAbandonedOnceQuietForAbandonAfter() throws InterruptedException {
        ledger.marks().assigned(RUNS, 0, this);
        ledger.event(new RunEvent.Started(RUN, List.of("shop"), Instant.now(), Map.of(), List.of("shop:p0")), RUNS, 0);

        abandonment.check();
        assertThat(ledger.find(RUN)).as("not quiet for long enough yet").isPresent();

        Thread.sleep(ABANDON_AFTER.toMillis() + 50);
        abandonment.check();

        assertThat(ledger.find(RUN)).isEmpty();
        assertThat(ledger.isReported(RUN)).as("done with, for good").isTrue();
        assertThat(abandoned.find(RUN)).hasValueSatisfying(marker -> {
            assertThat(marker.reason()).contains("pipeline.processor.abandon-after");
            assertThat(marker.lastActivityAt()).isNotNull();
        });
    }

    @Test
    void anAbandonedRunIsAnnouncedWithItsMarkerBeforeItsRecordsAreReleased() throws Exception {
        List<String> announced = new java.util.ArrayList<>();
        RunAnnouncer recording = new RunAnnouncer() {
            @Override
            public void announce(String runId, ReportState state, String location, String sha256, Long bytes) {
                assertThat(ledger.find(runId))
                        .as("still holding back commits when announced")
                        .isPresent();
                announced.add(runId + " " + state + " " + location + " " + sha256 + " " + bytes);
            }

            @Override
            public boolean catchUp(TopicPartition eventsPartition) {
                return true;
            }

            @Override
            public void reannounceIfUnannounced(String runId, TopicPartition eventsPartition) {}
        };
        ProcessorProperties properties =
                TestProcessorProperties.with(root.resolve("out"), root.resolve("work"), ABANDON_AFTER);
        Abandonment announcing = new Abandonment(ledger, abandoned, properties, recording);
        ledger.marks().assigned(RUNS, 0, this);
        ledger.event(new RunEvent.Started(RUN, List.of("shop"), Instant.now(), Map.of(), List.of("shop:p0")), RUNS, 0);

        Thread.sleep(ABANDON_AFTER.toMillis() + 50);
        announcing.check();

        Path marker = root.resolve("out").resolve(RUN + ".abandoned");
        String sha256 = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(marker)));
        assertThat(announced)
                .containsExactly(RUN + " ABANDONED " + marker.toAbsolutePath().toUri() + " " + sha256 + " "
                        + Files.size(marker));
        assertThat(ledger.find(RUN)).isEmpty();
    }

    @Test
    void aRunAnnouncedByAnotherInstanceIsForgottenAndNeverOpenedAgain() {
        ledger.product(product(), PRODUCTS, 0);
        assertThat(ledger.find(RUN)).isPresent();
        assertThat(ledger.marks().safeCommitOffset(PRODUCTS)).hasValue(0L);

        ledger.announced(RUN);

        assertThat(ledger.find(RUN)).isEmpty();
        assertThat(ledger.marks().safeCommitOffset(PRODUCTS))
                .as("its record no longer holds back commits")
                .hasValue(1L);
        ledger.product(product(), PRODUCTS, 1);
        assertThat(ledger.find(RUN)).as("not opened again").isEmpty();
        assertThat(ledger.isReported(RUN)).isTrue();
    }

    @Test
    void aRunWhoseEventsAreReadElsewhereIsReleasedAfterTwiceThatTimeWithoutAMarker() throws InterruptedException {
        ledger.product(product(), PRODUCTS, 0);

        Thread.sleep(ABANDON_AFTER.toMillis() + 50);
        abandonment.check();
        assertThat(ledger.find(RUN))
                .as("the instance that reads its events decides")
                .isPresent();

        Thread.sleep(ABANDON_AFTER.toMillis());
        abandonment.check();

        assertThat(ledger.find(RUN)).isEmpty();
        assertThat(abandoned.isAbandoned(RUN)).isFalse();
        assertThat(ledger.isReported(RUN))
                .as("opened again should more of it arrive")
                .isFalse();
    }

    @Test
    void aRunReportedByAnotherInstanceIsForgottenAsDoneWith() throws IOException {
        ledger.product(product(), PRODUCTS, 0);
        Files.writeString(root.resolve("out").resolve(RUN + ".json"), "{}");

        abandonment.check();

        assertThat(ledger.find(RUN)).isEmpty();
        assertThat(ledger.isReported(RUN)).isTrue();
        assertThat(abandoned.isAbandoned(RUN)).isFalse();
    }

    private static ProductRecord product() {
        return new ProductRecord(
                ProductRecord.CURRENT_VERSION,
                RUN,
                "shop",
                "1",
                "Thing",
                9.99,
                "toys",
                "http://upstream/shop",
                Instant.now(),
                Map.of());
    }
}
