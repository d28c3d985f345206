package dev.pipeline.processor.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.Topics;
import dev.pipeline.processor.ProcessorProperties;
import dev.pipeline.processor.TestProcessorProperties;
import dev.pipeline.processor.store.LocalReportStore;
import dev.pipeline.processor.store.ReportStore;
import dev.pipeline.processor.store.Stored;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * What {@link Abandonment#check} asks the report store, which with an object store is a request
 * per question: each check (every commit interval) uses what the ledger knows, and the store is
 * asked about an open run at most once per interval, and once more before a marker is written; a
 * store that does not answer fails no check and writes no marker.
 */
class AbandonmentStoreLooksTests {

    private static final Duration ABANDON_AFTER = Duration.ofMillis(300);
    private static final Duration LOOK_INTERVAL = Duration.ofMillis(700);
    private static final TopicPartition RUNS = new TopicPartition(Topics.RUNS, 0);
    private static final TopicPartition PRODUCTS = new TopicPartition(Topics.PRODUCTS, 0);
    private static final String RUN = "run-looked";

    private Path root;
    private CountingStore store;
    private RunLedger ledger;
    private AbandonedRuns abandoned;
    private Abandonment abandonment;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createTempDirectory("abandonment-looks");
        ProcessorProperties properties =
                TestProcessorProperties.with(root.resolve("out"), root.resolve("work"), ABANDON_AFTER);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        store = new CountingStore(new LocalReportStore(properties));
        abandoned = new AbandonedRuns(store, meters);
        ledger = new RunLedger(properties, abandoned, store, meters);
        abandonment = new Abandonment(ledger, abandoned, properties, RunAnnouncer.NONE, LOOK_INTERVAL);
    }

    @AfterEach
    void tearDown() throws IOException {
        ledger.openRuns().forEach(ledger::reported);
        FileSystemUtils.deleteRecursively(root);
    }

    @Test
    void anOpenRunIsLookedForInTheStoreAtMostOncePerInterval() throws Exception {
        ledger.product(product(), PRODUCTS, 0);
        store.finds.set(0);

        for (int i = 0; i < 5; i++) {
            abandonment.check();
        }
        int firstLook = store.finds.get();
        assertThat(firstLook).as("one look (a report, then a marker)").isBetween(1, 2);

        Files.writeString(root.resolve("out").resolve(RUN + ".json"), "{}");
        abandonment.check();
        assertThat(ledger.find(RUN)).as("not looked for again yet").isPresent();
        assertThat(store.finds.get()).isEqualTo(firstLook);

        Thread.sleep(LOOK_INTERVAL.toMillis() + 50);
        abandonment.check();

        assertThat(ledger.find(RUN))
                .as("a report another instance wrote to the shared store and never announced")
                .isEmpty();
        assertThat(ledger.isReported(RUN)).isTrue();
    }

    @Test
    void anAnnouncedRunIsForgottenWithoutAskingTheStore() {
        ledger.product(product(), PRODUCTS, 0);
        abandonment.check();
        store.finds.set(0);

        ledger.announced(RUN);
        abandonment.check();

        assertThat(ledger.find(RUN)).isEmpty();
        assertThat(store.finds.get()).isZero();
    }

    @Test
    void aStoreThatDoesNotAnswerFailsNoCheckAndNoMarkerIsWrittenUntilItDoes() throws Exception {
        ledger.marks().assigned(RUNS, 0, this);
        ledger.event(new RunEvent.Started(RUN, List.of("shop"), Instant.now(), Map.of(), List.of("shop:p0")), RUNS, 0);
        Thread.sleep(ABANDON_AFTER.toMillis() + 50);

        store.down.set(true);
        assertThatNoException().isThrownBy(abandonment::check);
        assertThatNoException().isThrownBy(abandonment::check);
        assertThat(ledger.find(RUN))
                .as("not abandoned without knowing it is not reported")
                .isPresent();
        store.down.set(false);
        assertThat(abandoned.isAbandoned(RUN)).isFalse();

        abandonment.check();

        assertThat(ledger.find(RUN)).isEmpty();
        assertThat(abandoned.isAbandoned(RUN)).isTrue();
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

    /** The local store, counting what is asked of it, and refusing (as an object store down) when told. */
    private static final class CountingStore implements ReportStore {

        final AtomicInteger finds = new AtomicInteger();
        final AtomicBoolean down = new AtomicBoolean();
        private final ReportStore local;

        CountingStore(ReportStore local) {
            this.local = local;
        }

        private void answering() throws IOException {
            if (down.get()) {
                throw new IOException("HeadObject failed", new ConnectException("Connection refused"));
            }
        }

        @Override
        public Stored write(String runId, Kind kind, Content content) throws IOException {
            answering();
            return local.write(runId, kind, content);
        }

        @Override
        public Optional<Stored> find(String runId, Kind kind) throws IOException {
            finds.incrementAndGet();
            answering();
            return local.find(runId, kind);
        }

        @Override
        public InputStream open(String runId, Kind kind) throws IOException {
            answering();
            return local.open(runId, kind);
        }

        @Override
        public List<Stored> list() throws IOException {
            answering();
            return local.list();
        }

        @Override
        public void delete(String runId, Kind kind) throws IOException {
            answering();
            local.delete(runId, kind);
        }

        @Override
        public Path scratchDirectory() {
            return local.scratchDirectory();
        }

        @Override
        public String describe() {
            return local.describe();
        }
    }
}
