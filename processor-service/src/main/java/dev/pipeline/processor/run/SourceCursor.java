package dev.pipeline.processor.run;

import dev.pipeline.common.Cursors;
import dev.pipeline.common.RunEvent;

/**
 * What a run's counted {@code TaskDone}s of one source say about its cursor: the highest
 * high-water mark among them, and whether the source was fetched cleanly enough to advance its
 * cursor to it. Only a task's first {@code TaskDone} is counted (the ledger's rule), so a task
 * committed twice adds nothing the second time; an aborted try's {@code TaskDone} is never read.
 *
 * @param highWater     the highest cursor value of the items published; {@code null} when none had one
 * @param clean         every task ran (none was dead-lettered) and no page failed: only invalid
 *                      items, if any, were errors. A page that failed may have held items above the
 *                      cursor that were never published, so a source that is not clean must not advance.
 * @param withoutCursor items published whose cursor field was missing or not comparable
 */
public record SourceCursor(String highWater, boolean clean, long withoutCursor) {

    /**
     * One task's share. Its errors that are not invalid items are page failures (a page given up
     * on, a malformed page or next link): {@code errors} counts every {@code FetchFailed} of the try,
     * {@code stats.invalidItems} those of its invalid items.
     */
    public static SourceCursor of(RunEvent.TaskDone done) {
        boolean clean = done.failure() == null && done.errors() <= done.stats().invalidItems();
        return new SourceCursor(done.highWater(), clean, done.withoutCursor());
    }

    public SourceCursor plus(SourceCursor other) {
        return new SourceCursor(
                Cursors.max(highWater, other.highWater), clean && other.clean, withoutCursor + other.withoutCursor);
    }
}
