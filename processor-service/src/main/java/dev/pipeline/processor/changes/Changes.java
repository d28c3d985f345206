package dev.pipeline.processor.changes;

import dev.pipeline.common.RunEvent;
import dev.pipeline.processor.catalog.Baseline;
import dev.pipeline.processor.catalog.Catalog;
import dev.pipeline.processor.catalog.VersionCursor;
import dev.pipeline.processor.run.OpenRun;
import dev.pipeline.processor.run.RunStore;
import dev.pipeline.processor.run.SortKey;
import dev.pipeline.processor.stats.RunHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A run's {@code changes}: each item it published compared with the item's state before the run
 * (the catalogue's versions below the run's start offsets, read as a {@link Baseline}), and, for a source fetched whole,
 * the items seen since its last whole fetch that the run did not publish. One pass over the run's
 * store and the catalogue's versions side by side, both in {@link SortKey} order (the report's
 * figures' pass, {@link #alongside}, so that a report reads its store once): no lookups, no
 * item held in memory but the few largest price moves. Anything that keeps the answer from being
 * right (no catalogue here, one that has not read up to the run's start in time, a failure reading
 * it) makes the section say it is unavailable and why, never fails the report.
 */
@Component
public class Changes {

    private static final Logger log = LoggerFactory.getLogger(Changes.class);

    static final int LARGEST_MOVES = 10;

    private final Catalog catalog;
    private final RunHistory history;

    Changes(Catalog catalog, RunHistory history) {
        this.catalog = catalog;
        this.history = history;
    }

    /** The section of {@code run}'s report, from a pass over its store of its own. */
    public ChangesSection of(OpenRun run) {
        Ready ready = ready(run);
        if (ready.section() != null) {
            return ready.section();
        }
        try {
            return catalog.withVersions(
                    cursor -> run.withStore(store -> compare(cursor, store, ready.started(), ready.earlier())));
        } catch (RuntimeException e) {
            return unreadable(run, e);
        }
    }

    /**
     * The section of {@code run}'s report made in a pass over its store that {@code pass} makes for
     * a reason of its own (the report's figures): {@code pass} hands every product of the store, in
     * store order, to the {@link Items} it is given, and says when it has handed the last; a second
     * pass over a million values costs RocksDB about 0.45 s. The catalogue's versions are read under
     * its read lock meanwhile, as {@link #of} reads them. What {@code pass} throws is thrown; what
     * the comparison throws is kept from it (the section says so, as {@link #of}'s would). A pass
     * that ends without saying it handed every product (a report leaving its figures out) gets the
     * section from {@link #of}, a pass of its own. The pass may hand the products to the {@link
     * Items} on another thread than its own (one at a time, in store order), as long as it has
     * ended with them when it returns: the catalogue's versions are closed then.
     */
    public <T> Along<T> alongside(OpenRun run, StorePass<T> pass) throws IOException {
        Ready ready = ready(run);
        if (ready.section() != null) {
            return new Along<>(pass.over(Items.NONE), ready.section());
        }
        Fed fed = new Fed(ready.started(), ready.earlier());
        List<T> result = new ArrayList<>(1); // what the pass answered, once it has
        try {
            catalog.withVersions(cursor -> {
                fed.begin(cursor);
                try {
                    result.add(pass.over(fed));
                } catch (IOException e) {
                    throw new PassIOException(e);
                }
                return null;
            });
        } catch (RuntimeException e) {
            if (!fed.begun) { // the catalogue's, before any pass: the pass made without the comparison
                return new Along<>(pass.over(Items.NONE), unreadable(run, e));
            }
            if (result.isEmpty()) { // the pass's own: it fails the report as it would without the changes
                if (e instanceof PassIOException io) {
                    throw io.getCause();
                }
                throw e;
            }
            return new Along<>(result.getFirst(), unreadable(run, e)); // the catalogue's, after the pass
        }
        if (fed.failure instanceof RuntimeException e) {
            return new Along<>(result.getFirst(), unreadable(run, e));
        }
        if (fed.failure != null) {
            return new Along<>(result.getFirst(), failed(run, fed.failure));
        }
        return new Along<>(result.getFirst(), fed.complete ? fed.section : of(run));
    }

    /**
     * Where a run's changes stand before its items are compared: the section when it is already
     * known (unavailable, and why), or the run's start and the runs before it.
     */
    private Ready ready(OpenRun run) {
        RunEvent.Started started = run.started();
        List<String> incremental = incrementalSources(started);
        if (!catalog.enabled()) {
            return new Ready(
                    ChangesSection.unavailable(
                            "this instance keeps no catalogue (pipeline.processor.catalog.enabled is false)",
                            incremental),
                    null,
                    null);
        }
        if (started == null || started.startOffsets().isEmpty()) {
            return new Ready(
                    ChangesSection.unavailable(
                            "the run's start (and so where its records begin in the products topic) is not known",
                            incremental),
                    null,
                    null);
        }
        try {
            if (!catalog.catchUpTo(started.startOffsets())) {
                return new Ready(
                        ChangesSection.unavailable(
                                "the catalogue had not read every record before the run within "
                                        + "pipeline.processor.catalog.report-wait (" + catalog.reportWait() + ")",
                                incremental),
                        null,
                        null);
            }
            return new Ready(null, started, history.before(run.runId(), started.startedAt(), started.sources()));
        } catch (RuntimeException e) {
            return new Ready(unreadable(run, e), null, null);
        }
    }

    private static ChangesSection unreadable(OpenRun run, RuntimeException e) {
        log.warn("run {}: its changes cannot be computed, its report says so: {}", run.runId(), e.toString());
        return ChangesSection.unavailable(
                "the catalogue could not be read: " + e.getMessage(), incrementalSources(run.started()));
    }

    /** The section of a report whose changes failed for a reason {@link #of} did not catch. */
    public static ChangesSection failed(OpenRun run, Throwable failure) {
        log.warn("a report's changes failed: {}", failure.toString(), failure);
        // The run's incremental sources still named: a later run must not take this one for a whole fetch.
        return ChangesSection.unavailable("they failed: " + failure, incrementalSources(run.started()));
    }

    private static List<String> incrementalSources(RunEvent.Started started) {
        return started == null ? List.of() : List.copyOf(started.cursors().keySet());
    }

    /**
     * The run's items ({@code store}) and the catalogue's ({@code cursor}) side by side: the section
     * of a run that started as {@code started}, the catalogue holding every record before it, after
     * the runs {@code earlier} says. Public for the timing harness.
     */
    public static ChangesSection compare(
            VersionCursor cursor, RunStore store, RunEvent.Started started, RunHistory.History earlier) {
        Fed fed = new Fed(started, earlier);
        fed.begin(cursor);
        ByteBuffer keys = ByteBuffer.allocate(512);
        ByteBuffer values = ByteBuffer.allocate(16 * 1024);
        store.forEachProductEntry(keys, values, fed.pass::item);
        fed.pass.finish();
        return fed.section();
    }

    /**
     * Where a pass over a run's store hands its products: every one, in store order, each key
     * ({@code SortKey}) and value from position 0 to its limit, valid only during the call.
     */
    public interface Items {

        /** Hands nothing anywhere: for a pass when there is nothing to compare. */
        Items NONE = new Items() {
            @Override
            public void item(ByteBuffer key, ByteBuffer value) {}

            @Override
            public void complete() {}
        };

        void item(ByteBuffer key, ByteBuffer value);

        /** Every product of the store was handed over. */
        void complete();
    }

    /** A pass over a run's store for a reason of its own, that hands its products to {@code items}. */
    @FunctionalInterface
    public interface StorePass<T> {
        T over(Items items) throws IOException;
    }

    /** What the pass answered, and the run's changes. */
    public record Along<T>(T result, ChangesSection section) {}

    /** The pass's own {@link IOException}, through {@link Catalog#withVersions}: thrown as it was. */
    private static final class PassIOException extends UncheckedIOException {
        PassIOException(IOException cause) {
            super(cause);
        }
    }

    private record Ready(ChangesSection section, RunEvent.Started started, RunHistory.History earlier) {}

    /**
     * The comparison fed by someone else's pass: what it throws is kept, and the comparison stops
     * there (the report gets a section that says so, not a wrong count).
     */
    private static final class Fed implements Items {

        private final RunEvent.Started started;
        private final RunHistory.History earlier;
        private final Map<String, SourceTally> bySource = new LinkedHashMap<>();
        private final PriceMoves moves = new PriceMoves(LARGEST_MOVES);
        private Pass pass;
        private boolean begun;
        private Throwable failure;
        private boolean complete;
        private ChangesSection section;

        Fed(RunEvent.Started started, RunHistory.History earlier) {
            this.started = started;
            this.earlier = earlier;
        }

        void begin(VersionCursor cursor) {
            for (String source : started.sources()) {
                RunHistory.SourceHistory of = earlier.bySource().get(source);
                bySource.put(source, new SourceTally(of.lastRun(), started.incremental(source), of.stillThere()));
            }
            pass = new Pass(cursor, started.startOffsets(), bySource, moves);
            begun = true;
        }

        @Override
        public void item(ByteBuffer key, ByteBuffer value) {
            if (failure != null) {
                return;
            }
            try {
                pass.item(key, value);
            } catch (Throwable e) { // NOPMD: a comparison's failure never fails the report (Changes.failed)
                failure = e;
            }
        }

        @Override
        public void complete() {
            if (failure != null) {
                return;
            }
            try {
                pass.finish();
                section = section();
                complete = true;
            } catch (Throwable e) { // NOPMD: as above
                failure = e;
            }
        }

        ChangesSection section() {
            return new ChangesSection(
                    null, earlier.againstRun(), List.copyOf(started.cursors().keySet()), bySource, moves.largest());
        }
    }

    /** The run's items and the catalogue's, side by side, source by source. */
    private static final class Pass {

        private final VersionCursor cursor;
        private final Baseline baseline;
        private final Map<String, SourceTally> bySource;
        private final PriceMoves moves;
        private byte[] prefix;
        private String source;
        private SourceTally tally;

        Pass(VersionCursor cursor, Map<Integer, Long> start, Map<String, SourceTally> bySource, PriceMoves moves) {
            this.cursor = cursor;
            this.baseline = new Baseline(start);
            this.bySource = bySource;
            this.moves = moves;
        }

        /** After the last {@link #item}. */
        void finish() {
            finishSource();
            // A source of the run that published nothing: every item of it is one it did not publish.
            for (String name : List.copyOf(bySource.keySet())) {
                if (!done.contains(name)) {
                    beginSource(name);
                    finishSource();
                }
            }
        }

        private final Set<String> done = new java.util.HashSet<>();

        void item(ByteBuffer key, ByteBuffer value) {
            byte[] k = key.array();
            int length = key.limit();
            if (prefix == null || !startsWith(k, length, prefix)) {
                finishSource();
                beginSource(SortKey.source(k, length));
            }
            if (tally.incremental) {
                // Nothing it did not publish counts: straight to its key, however large the catalogue.
                if (!cursor.validWithin(prefix) || compare(cursor.key(), cursor.keyLength(), k, length) < 0) {
                    cursor.seek(Arrays.copyOf(k, length));
                }
            } else {
                while (cursor.validWithin(prefix) && compare(cursor.key(), cursor.keyLength(), k, length) < 0) {
                    notPublished();
                    cursor.next();
                }
            }
            if (cursor.validWithin(prefix) && compare(cursor.key(), cursor.keyLength(), k, length) == 0) {
                published(k, length, value, cursor.baseline(baseline));
                cursor.next();
            } else {
                tally.added++;
            }
        }

        private void beginSource(String name) {
            source = name;
            prefix = SortKey.prefix(name);
            done.add(name);
            // Records of a source the run was not started with (none should be): compared, never removed.
            tally = bySource.computeIfAbsent(name, unnamed -> new SourceTally(null, true, Set.of()));
            cursor.seek(prefix);
        }

        private void finishSource() {
            if (prefix == null) {
                return;
            }
            if (!tally.incremental) {
                while (cursor.validWithin(prefix)) {
                    notPublished();
                    cursor.next();
                }
            }
            prefix = null;
        }

        /** An item of the catalogue that the run did not publish: removed if last seen by a run whose items are still there. */
        private void notPublished() {
            if (tally.incremental) {
                return; // fetched only what changed: what it did not fetch is unchanged, not gone
            }
            Baseline before = cursor.baseline(baseline);
            if (before.known() && tally.stillThere.contains(before.runId())) {
                tally.removed(SortKey.externalId(cursor.key(), cursor.keyLength()));
            }
        }

        /** An item the run published, and the catalogue had: compared by the stored bytes, nothing decoded. */
        private void published(byte[] key, int length, ByteBuffer value, Baseline before) {
            if (before.none()) {
                tally.added++;
                return;
            }
            if (before.unknown()) {
                tally.unknown++;
                return;
            }
            boolean hasPrice = value.get(0) == 1;
            double price = value.getDouble(1);
            boolean priceChanged =
                    hasPrice != before.hasPrice() || (hasPrice && Double.compare(price, before.price()) != 0);
            int categoryLength = value.getInt(9);
            boolean categoryChanged = !before.categoryIs(value.array(), value.arrayOffset() + 13, categoryLength);
            if (priceChanged) {
                tally.priceChanged++;
                if (hasPrice && before.hasPrice()) {
                    moves.offer(source, SortKey.externalId(key, length), before.price(), price, () -> Titles.of(value));
                }
            }
            if (categoryChanged) {
                tally.categoryChanged++;
            }
            if (!priceChanged && !categoryChanged) {
                tally.unchanged++;
            }
        }

        private static boolean startsWith(byte[] key, int length, byte[] prefix) {
            return length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
        }

        private static int compare(byte[] a, int aLength, byte[] b, int bLength) {
            return Arrays.compareUnsigned(a, 0, aLength, b, 0, bLength);
        }
    }
}
