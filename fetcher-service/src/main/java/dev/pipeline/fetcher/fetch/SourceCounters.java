package dev.pipeline.fetcher.fetch;

import dev.pipeline.common.SourceStats;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counts of one try of one task (or one upload): requests, pages, items and errors of its
 * source. They become the task's {@code TaskDone} stats, the task's share of its source's figures;
 * the status and the report add up the shares of the tasks that are done.
 */
public final class SourceCounters {

    private final LongAdder requests = new LongAdder();
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder pages = new LongAdder();
    private final LongAdder items = new LongAdder();
    private final LongAdder invalidItems = new LongAdder();
    private final LongAdder errors = new LongAdder();

    void requestSent(int attempt) {
        requests.increment();
        if (attempt > 1) {
            retried.increment();
        }
    }

    void requestSucceeded() {
        succeeded.increment();
    }

    void requestFailed() {
        failed.increment();
    }

    public void pageDone(int itemCount, int invalidCount) {
        pages.increment();
        items.add(itemCount);
        invalidItems.add(invalidCount);
    }

    /** An error of this source in the report: a failed page or an invalid item. */
    public void errorRecorded() {
        errors.increment();
    }

    public long requests() {
        return requests.sum();
    }

    public long pages() {
        return pages.sum();
    }

    public long items() {
        return items.sum();
    }

    public long errors() {
        return errors.sum();
    }

    public SourceStats snapshot() {
        return new SourceStats(
                requests.sum(), succeeded.sum(), failed.sum(), retried.sum(), items.sum(), invalidItems.sum());
    }
}
