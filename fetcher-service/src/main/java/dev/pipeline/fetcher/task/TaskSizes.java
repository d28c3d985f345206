package dev.pipeline.fetcher.task;

/**
 * How many pages go into one pages task once a source's total is known. Every task costs the same
 * whatever it carries — a transaction, its {@code TaskDone}, the flushes and commit round trips,
 * the broker's markers — so a task is sized by the items it will carry (estimated from the first
 * page's), not by a fixed number of pages: pages of a few items are planned many to a task, pages
 * of many items fewer. It is capped by {@code pagesPerTask}, which bounds a task's time, and
 * split further so that there are at least {@link #TASKS_PER_PARTITION} tasks per partition of
 * {@code pipeline.fetch-tasks}: tasks planned together go to the partitions in turn, so every
 * consumer thread of every instance gets its share — but not below the source's concurrency,
 * which one task's pages already use.
 *
 * <p>Above all, a task must end within its transaction's timeout, or it is aborted, tried again
 * just as slowly, and dead-lettered: a source whose rate limit is low (the original allowed 5
 * requests a second) gets no more pages to a task than its limit lets through in
 * {@link #RATE_SHARE_OF_TIME a quarter} of the task's time, shared by every task this instance
 * runs at once — the rest of the time is for retries and slow answers.
 *
 * @param itemsPerTask the items a task aims at
 * @param pagesPerTask the pages a task holds at most
 * @param minTasks     the fewest tasks the remaining pages are planned as (when there are as many pages)
 * @param inFlight     tasks this instance runs at once ({@code pipeline.tasks.consumers}): they share
 *                     each source's rate limit
 */
record TaskSizes(int itemsPerTask, int pagesPerTask, int minTasks, int inFlight) {

    static final int TASKS_PER_PARTITION = 2;

    /** The part of a task's time its requests may take at the source's rate limit: the rest is slack. */
    static final int RATE_SHARE_OF_TIME = 4;

    static TaskSizes of(TaskProperties properties) {
        return new TaskSizes(
                properties.itemsPerTask(),
                properties.pagesPerTask(),
                properties.partitions() * TASKS_PER_PARTITION,
                properties.consumers());
    }

    /**
     * @param remaining   the pages left to plan
     * @param firstItems  the items on the first page: the estimate of every page's
     * @param concurrency the source's pages in flight at once: a task's pages are fetched
     *                    concurrently, so splitting below this many pages would buy no speed, only
     *                    transactions (a small source stays one task or a few)
     * @param rateAllows  requests the source's rate limit lets this instance make in a
     *                    {@link #RATE_SHARE_OF_TIME quarter} of a task's time
     * @return pages per task, at least 1
     */
    int pagesPerTask(int remaining, int firstItems, int concurrency, long rateAllows) {
        int byItems = Math.min(pagesPerTask, Math.max(1, itemsPerTask / Math.max(1, firstItems)));
        int enoughTasks = Math.max(Math.ceilDiv(remaining, minTasks), concurrency);
        long inTime = rateAllows / inFlight;
        return (int) Math.max(1, Math.min(Math.min(byItems, enoughTasks), inTime));
    }
}
