package dev.pipeline.upstream;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fixed quota {@code /quota/products} grants all its callers together: {@code limit} requests
 * per window of fixed length, windows starting when the server started (or the quota was last
 * set). Counts the requests it refused (429), so a test can show that a client paced itself and
 * needed none.
 */
public final class QuotaWindow {

    public static final int DEFAULT_LIMIT = 10;
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(1);

    private final Clock clock;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong granted = new AtomicLong();
    private int limit;
    private long windowMillis;
    private QuotaStyle style;
    private long windowStart;
    private long windowIndex;
    private int used;

    QuotaWindow(int limit, Duration window, QuotaStyle style, Clock clock) {
        this.clock = clock;
        set(limit, window, style);
    }

    /** Requests it granted (any answer but a 429). */
    public long granted() {
        return granted.get();
    }

    /** Requests it refused with a 429, because the window's quota was used up. */
    public long refused() {
        return refused.get();
    }

    /** A new quota from now on, its first window starting now, with the counts zeroed. */
    public synchronized void set(int limit, Duration window, QuotaStyle style) {
        if (limit < 1 || window.toMillis() < 1000 || window.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("a quota needs a limit of at least 1 and a window of whole seconds");
        }
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.style = style;
        this.windowStart = clock.millis();
        this.windowIndex = 0;
        this.used = 0;
        refused.set(0);
        granted.set(0);
    }

    /** The default style, when a request does not ask for one ({@code quota-style}). */
    synchronized QuotaStyle style() {
        return style;
    }

    /** Takes one request from the current window: what it may be told, and whether it is granted. */
    synchronized Decision take() {
        long now = clock.millis();
        long index = (now - windowStart) / windowMillis;
        if (index != windowIndex) {
            windowIndex = index;
            used = 0;
        }
        long end = windowStart + (index + 1) * windowMillis;
        boolean granted = used < limit;
        if (granted) {
            used++;
            this.granted.incrementAndGet();
        } else {
            refused.incrementAndGet();
        }
        long resetSeconds = Math.ceilDiv(end - now, 1000);
        return new Decision(granted, limit, limit - used, resetSeconds, Math.ceilDiv(end, 1000), windowMillis / 1000);
    }

    record Decision(
            boolean granted, int limit, long remaining, long resetSeconds, long resetEpochSecond, long windowSeconds) {}
}
