package dev.pipeline.processor.stats;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.processor.store.ReportStore;
import dev.pipeline.processor.store.Stored;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stats' shared listing ({@link StoreListing}) and their reading of reports' heads, run against
 * each kind of store by a subclass: a listing is kept for the reuse time (another instance's report,
 * put there behind this one's back, is seen once it has passed), this instance's writes and deletes
 * are seen at once, and the run history reads a report whose products are not even JSON, since it
 * stops at the head.
 */
abstract class StoreListingContractTests {

    private static final Duration REUSE = Duration.ofSeconds(5);

    private final AtomicLong nanoTime = new AtomicLong(1_000);
    private Counting store;
    private StoreListing listing;

    /** A new, empty store; called once per test. */
    protected abstract ReportStore newStore() throws IOException;

    /** Puts a report into the store behind its back, as another instance or a person would. */
    protected abstract void putByHand(String runId, byte[] content) throws IOException;

    @BeforeEach
    void newListing() throws IOException {
        store = new Counting(newStore());
        listing = new StoreListing(store, REUSE, nanoTime::get);
    }

    @Test
    void twoCallsWithinTheReuseTimeListOnceAndAnotherInstancesReportIsSeenAfterIt() throws Exception {
        assertThat(listing.reports()).isEmpty();
        putByHand("run-1", head("run-1", "2026-11-01T10:00:00Z", "shop"));
        later(REUSE.minusMillis(1));

        assertThat(listing.reports()).as("kept").isEmpty();
        assertThat(store.lists).hasValue(1);

        later(Duration.ofMillis(1));
        assertThat(listing.reports()).extracting(Stored::runId).containsExactly("run-1");
        assertThat(store.lists).hasValue(2);
    }

    @Test
    void aReportWrittenOrDeletedHereIsSeenAtOnce() throws Exception {
        assertThat(listing.reports()).isEmpty();

        store.write("run-1", ReportStore.Kind.REPORT, out -> out.write(head("run-1", "2026-11-01T10:00:00Z", "shop")));
        store.write("run-2", ReportStore.Kind.MARKER, out -> out.write("{}".getBytes(UTF_8)));

        assertThat(listing.reports())
                .as("reports only, no marker")
                .extracting(Stored::runId)
                .containsExactly("run-1");
        store.delete("run-1", ReportStore.Kind.REPORT);
        assertThat(listing.reports()).isEmpty();
        assertThat(store.lists).hasValue(3);
    }

    @Test
    void theRunHistoryReadsTheHeadOfAReportWhoseProductsAreNoJson() throws Exception {
        RunHistory history = new RunHistory(store, listing);
        store.write("run-1", ReportStore.Kind.REPORT, out -> {
            byte[] head = head("run-1", "2026-11-01T10:00:00Z", "shop");
            out.write(head, 0, head.length - 1); // without its closing brace
            out.write(", \"products\": [".getBytes(UTF_8));
            byte[] garbage = "{{not json at all ".repeat(1024).getBytes(UTF_8);
            for (int i = 0; i < 256; i++) { // 4.5 MB that the history never reads
                out.write(garbage);
            }
        });

        RunHistory.History earlier = history.before("run-2", Instant.parse("2026-11-02T10:00:00Z"), List.of("shop"));

        assertThat(earlier.againstRun()).isEqualTo("run-1");
        assertThat(earlier.bySource().get("shop").stillThere()).containsExactly("run-1");
        // The stats' facts need the products (counted per source) and the metrics written after them,
        // so such a report is none of theirs: it is counted, not read.
        ReportShelf.Contents contents = new ReportShelf(store, listing).contents();
        assertThat(contents.reports()).isEmpty();
        assertThat(contents.unreadable()).isEqualTo(1);
    }

    private void later(Duration duration) {
        nanoTime.addAndGet(duration.toNanos());
    }

    /** A report's head as the processor writes it, and nothing after it. */
    static byte[] head(String runId, String startedAt, String source) {
        return ("{\"summary\": {\"run_id\": \"" + runId + "\", \"total_products\": 0, \"total_errors\": 0,"
                        + " \"sources\": [\"" + source + "\"], \"started_at\": \"" + startedAt + "\"},"
                        + " \"changes\": {\"incremental\": []}}")
                .getBytes(UTF_8);
    }

    /** The store under test, counting its listings. */
    private static final class Counting implements ReportStore {

        final AtomicInteger lists = new AtomicInteger();
        private final ReportStore store;

        Counting(ReportStore store) {
            this.store = store;
        }

        @Override
        public List<Stored> list() throws IOException {
            lists.incrementAndGet();
            return store.list();
        }

        @Override
        public Stored write(String runId, Kind kind, Content content) throws IOException {
            return store.write(runId, kind, content);
        }

        @Override
        public Optional<Stored> find(String runId, Kind kind) throws IOException {
            return store.find(runId, kind);
        }

        @Override
        public InputStream open(String runId, Kind kind) throws IOException {
            return store.open(runId, kind);
        }

        @Override
        public void delete(String runId, Kind kind) throws IOException {
            store.delete(runId, kind);
        }

        @Override
        public long changes() {
            return store.changes();
        }

        @Override
        public Duration listingReuse() {
            return store.listingReuse();
        }

        @Override
        public Path scratchDirectory() {
            return store.scratchDirectory();
        }

        @Override
        public String describe() {
            return store.describe();
        }
    }
}
