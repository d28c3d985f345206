package dev.pipeline.processor.stats;

import dev.pipeline.processor.store.ReportStore;
import dev.pipeline.processor.store.Stored;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The reports in the {@link ReportStore}, listed once for every reader of the stats (each
 * {@code /api/stats} call, each gate's {@code LastRuns}, each report's {@code RunHistory}) and kept
 * for {@link ReportStore#listingReuse}: on an object store a listing is one request per 1,000 keys,
 * and without this every stats call and every report written would list the whole bucket. Listed
 * again as soon as this instance wrote or deleted anything through the store ({@link
 * ReportStore#changes}), so a report just written here is seen by the next gate and history at
 * once; another instance's within the reuse time. One listing at a time: callers that come while
 * it runs wait for it and share it.
 */
@Component
class StoreListing {

    private final ReportStore store;
    private final long reuseNanos;
    private final LongSupplier nanoTime;

    /** Guarded by {@code this}; {@code null} until the first listing. */
    private Listed last;

    @Autowired
    StoreListing(ReportStore store) {
        this(store, store.listingReuse(), System::nanoTime);
    }

    /** With the reuse time and the clock given (tests). */
    StoreListing(ReportStore store, Duration reuse, LongSupplier nanoTime) {
        this.store = store;
        this.reuseNanos = reuse.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Every report (no marker) in the store, as listed at most {@link ReportStore#listingReuse} ago. */
    synchronized List<Stored> reports() {
        long now = nanoTime.getAsLong();
        // Read before listing: a write that ends while the listing runs leaves it stale for the next call.
        long changes = store.changes();
        if (last != null && last.changes() == changes && now - last.listedAt() < reuseNanos) {
            return last.reports();
        }
        List<Stored> reports;
        try {
            reports = store.list().stream()
                    .filter(stored -> stored.kind() == ReportStore.Kind.REPORT)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the reports in " + store.describe(), e);
        }
        last = new Listed(reports, changes, now);
        return reports;
    }

    private record Listed(List<Stored> reports, long changes, long listedAt) {}
}
