package dev.pipeline.upstream;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which generation of {@link ChangingItems} a running stand-in serves: 0 when it starts, one more
 * at each {@link #advance()} ({@code POST /changing/advance}). A request reads one generation
 * whole, so an advance never mixes two generations in one page.
 */
public final class ChangingGenerations {

    /** One generation's items, in served order. */
    record Generation(int number, List<ChangingItem> items) {}

    private final int size;
    private final AtomicReference<Generation> current;

    ChangingGenerations(int size) {
        this.size = size;
        this.current = new AtomicReference<>(new Generation(0, ChangingItems.first(size)));
    }

    /** The generation served now. */
    public int generation() {
        return current.get().number();
    }

    /** How many items every generation holds. */
    public int size() {
        return size;
    }

    /** Moves to the next generation and returns its number. */
    public synchronized int advance() {
        Generation now = current.get();
        int number = now.number() + 1;
        // From the generation before, not from 0: an advance costs one generation's work.
        current.set(new Generation(number, ChangingItems.next(now.items(), size, number)));
        return number;
    }

    Generation current() {
        return current.get();
    }
}
