package dev.pipeline.processor.changes;

import dev.pipeline.common.RunEvent;
import dev.pipeline.processor.catalog.Baseline;
import dev.pipeline.processor.catalog.Catalog;
import dev.pipeline.processor.catalog.VersionCursor;
import dev.pipeline.processor.run.OpenRun;
import dev.pipeline.processor.run.RunStore;
import dev.pipeline.processor.run.SortKey;
import dev.pipeline.processor.stats.RunHistory;
import java.nio.ByteBuffer;
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
 * store and the catalogue's versions side by side, both in {@link SortKey} order: no lookups, no
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

    /** The section of {@code run}'s report. */
    public ChangesSection of(OpenRun run) {
        RunEvent.Started started = run.started();
        List<String> incremental = incrementalSources(started);
        if (!catalog.enabled()) {
            return ChangesSection.unavailable(
                    "this instance keeps no catalogue (pipeline.processor.catalog.enabled is false)", incremental);
        }
        if (started == null || started.startOffsets().isEmpty()) {
            return ChangesSection.unavailable(
                    "the run's start (and so where its records begin in the products topic) is not known", incremental);
        }
        try {
            if (!catalog.catchUpTo(started.startOffsets())) {
                return ChangesSection.unavailable(
                        "the catalogue had not read every record before the run within "
                                + "pipeline.processor.catalog.report-wait (" + catalog.reportWait() + ")",
                        incremental);
            }
            RunHistory.History earlier = history.before(run.runId(), started.startedAt(), started.sources());
            return catalog.withVersions(cursor -> run.withStore(store -> compare(cursor, store, started, earlier)));
        } catch (RuntimeException e) {
            log.warn("run {}: its changes cannot be computed, its report says so: {}", run.runId(), e.toString());
            return ChangesSection.unavailable("the catalogue could not be read: " + e.getMessage(), incremental);
        }
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
        Map<String, SourceTally> bySource = new LinkedHashMap<>();
        for (String source : started.sources()) {
            RunHistory.SourceHistory of = earlier.bySource().get(source);
            bySource.put(source, new SourceTally(of.lastRun(), started.incremental(source), of.stillThere()));
        }
        PriceMoves moves = new PriceMoves(LARGEST_MOVES);
        new Pass(cursor, started.startOffsets(), bySource, moves).over(store);
        return new ChangesSection(
                null, earlier.againstRun(), List.copyOf(started.cursors().keySet()), bySource, moves.largest());
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

        void over(RunStore store) {
            ByteBuffer keys = ByteBuffer.allocate(512);
            ByteBuffer values = ByteBuffer.allocate(16 * 1024);
            store.forEachProductEntry(keys, values, this::item);
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

        private void item(ByteBuffer key, ByteBuffer value) {
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
