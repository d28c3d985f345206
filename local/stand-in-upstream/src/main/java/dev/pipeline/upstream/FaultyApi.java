package dev.pipeline.upstream;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fault-injecting API's request counters. Its faults depend on how often a page has been
 * asked for (page 2 fails once, page 3 is throttled once), so tests read these counts to prove
 * a client retried exactly as often as it should, and {@link #reset()} between scenarios.
 *
 * <p>Served at {@code GET /faulty/items?page=N}: {@value #TOTAL_PAGES} pages of
 * {@value #ITEMS_PER_PAGE} items; see the module README for what each page does.
 */
public final class FaultyApi {

    public static final int TOTAL_PAGES = 5;
    public static final int ITEMS_PER_PAGE = 4;

    private final ConcurrentHashMap<Integer, AtomicInteger> requestsByPage = new ConcurrentHashMap<>();

    FaultyApi() {}

    /** How many requests page {@code page} has received since start or the last reset. */
    public int requests(int page) {
        AtomicInteger count = requestsByPage.get(page);
        return count == null ? 0 : count.get();
    }

    /** Forgets every count, so the one-time faults of pages 2 and 3 fire again. */
    public void reset() {
        requestsByPage.clear();
    }

    /** Counts a request for {@code page} and says which one it was, starting at 1. */
    int recordRequest(int page) {
        return requestsByPage.computeIfAbsent(page, p -> new AtomicInteger()).incrementAndGet();
    }
}
