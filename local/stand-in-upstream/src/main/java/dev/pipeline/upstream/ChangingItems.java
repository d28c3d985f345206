package dev.pipeline.upstream;

import static dev.pipeline.upstream.Vocabulary.pick;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The catalogue behind {@code /changing/items}: items that change from one generation to the
 * next, so incremental sync and a report's changes can be tested against a known truth.
 *
 * <p>Generation {@code g} is a pure function of the size and {@code g} (no seed, no clock): a
 * test computes exactly what the server serves with {@link #at}. Generation 0 holds ids 1 to
 * {@code size}, each last updated at or before {@link #BASE}. Each later generation, relative to
 * the one before, gives {@code max(1, size/25)} items a new price, {@code max(1, size/50)} a new
 * category, removes {@code max(1, size/50)} and adds as many with ids above every earlier one (so
 * the size never changes): about 10 % of the items. Those are distinct items, and every item
 * changed or added in generation {@code g} is stamped {@link #updatedAt updatedAt(g)}; the rest
 * keep their stamp.
 */
public final class ChangingItems {

    /** Generation 0's items were last updated at or before this; generation g's changes at BASE + g hours. */
    public static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

    /** The smallest size for which every generation can change one item of each kind. */
    public static final int MIN_SIZE = 3;

    /** The size a stand-in serves unless told otherwise ({@code --changing-items}). */
    public static final int DEFAULT_SIZE = 50;

    /** Not the stand-in's {@code --seed}: the items must depend on the size and generation alone. */
    private static final long SEED = 0x6368616E6765L;

    /** How far before BASE generation 0's stamps reach, in minutes: 30 days. */
    private static final int HISTORY_MINUTES = 30 * 24 * 60;

    /** The order items are served in: by updatedAt, then id. */
    public static final Comparator<ChangingItem> SERVED_ORDER =
            Comparator.comparing(ChangingItem::updatedAt).thenComparingInt(ChangingItem::id);

    private ChangingItems() {}

    /**
     * The items of {@code generation}, in the order they are served (by updatedAt, then id).
     *
     * @throws IllegalArgumentException when {@code size < MIN_SIZE} or {@code generation < 0}
     */
    public static List<ChangingItem> at(int size, int generation) {
        if (generation < 0) {
            throw new IllegalArgumentException("generation must not be negative, got " + generation);
        }
        List<ChangingItem> items = first(size);
        for (int g = 1; g <= generation; g++) {
            items = next(items, size, g);
        }
        return items;
    }

    /** Those of {@code items} updated strictly after {@code cursor}: what {@code updated_after} keeps. */
    public static List<ChangingItem> updatedAfter(List<ChangingItem> items, Instant cursor) {
        return items.stream()
                .filter(item -> item.updatedAt().isAfter(cursor))
                .sorted(SERVED_ORDER)
                .toList();
    }

    /** The stamp of every item changed or added in {@code generation} (1 and up). */
    public static Instant updatedAt(int generation) {
        return BASE.plus(Duration.ofHours(generation));
    }

    static int priceChanges(int size) {
        return Math.max(1, size / 25);
    }

    /** Category changes, removals and additions each. */
    static int otherChanges(int size) {
        return Math.max(1, size / 50);
    }

    /** Generation 0. */
    static List<ChangingItem> first(int size) {
        if (size < MIN_SIZE) {
            throw new IllegalArgumentException("changing items need a size of at least " + MIN_SIZE + ", got " + size);
        }
        List<ChangingItem> items = new ArrayList<>(size);
        for (int id = 1; id <= size; id++) {
            SplittableRandom random = Seeds.random(SEED, Seeds.CHANGING_ITEMS, id);
            Instant updatedAt = BASE.minus(Duration.ofMinutes(random.nextInt(HISTORY_MINUTES)));
            items.add(newItem(id, random, updatedAt));
        }
        items.sort(SERVED_ORDER);
        return List.copyOf(items);
    }

    /**
     * Generation {@code generation} from the one before it, {@code previous} (in any order).
     * Which items change is drawn from a stream fixed by the generation, over the items in id
     * order, so the result depends on nothing else.
     */
    static List<ChangingItem> next(List<ChangingItem> previous, int size, int generation) {
        List<ChangingItem> byId = new ArrayList<>(previous);
        byId.sort(Comparator.comparingInt(ChangingItem::id));
        SplittableRandom random = Seeds.random(SEED, Seeds.CHANGES, generation);
        int prices = priceChanges(size);
        int others = otherChanges(size);
        int[] picked = distinctIndexes(byId.size(), prices + 2 * others, random);
        Instant stamp = updatedAt(generation);
        List<ChangingItem> items = new ArrayList<>(byId);
        for (int i = 0; i < prices; i++) {
            ChangingItem item = byId.get(picked[i]);
            items.set(picked[i], withPrice(item, newPrice(item.price(), random), stamp));
        }
        for (int i = prices; i < prices + others; i++) {
            ChangingItem item = byId.get(picked[i]);
            items.set(picked[i], withCategory(item, newCategory(item.category(), random), stamp));
        }
        for (int i = prices + others; i < picked.length; i++) {
            items.set(picked[i], null); // removed
        }
        items.removeIf(Objects::isNull);
        // Every generation adds the same number, so generation g's new ids follow from g alone.
        int firstNewId = size + (generation - 1) * others + 1;
        for (int id = firstNewId; id < firstNewId + others; id++) {
            items.add(newItem(id, Seeds.random(SEED, Seeds.CHANGING_ITEMS, id), stamp));
        }
        items.sort(SERVED_ORDER);
        return List.copyOf(items);
    }

    private static ChangingItem newItem(int id, SplittableRandom random, Instant updatedAt) {
        ProductLine line = ProductLine.ALL.get(random.nextInt(ProductLine.ALL.size()));
        String title = pick(Vocabulary.ADJECTIVES, random) + " " + pick(line.nouns(), random);
        int dollars = random.nextInt(line.minPrice(), line.maxPrice() + 1);
        long cents = Math.max(50, dollars * 100L + (random.nextBoolean() ? 99 : 49));
        return new ChangingItem(id, title, BigDecimal.valueOf(cents, 2), line.category(), updatedAt);
    }

    /** {@code count} distinct indexes below {@code bound}: the head of a partial Fisher-Yates shuffle. */
    private static int[] distinctIndexes(int bound, int count, SplittableRandom random) {
        int[] indexes = new int[bound];
        for (int i = 0; i < bound; i++) {
            indexes[i] = i;
        }
        for (int i = 0; i < count; i++) {
            int j = random.nextInt(i, bound);
            int swap = indexes[i];
            indexes[i] = indexes[j];
            indexes[j] = swap;
        }
        return Arrays.copyOf(indexes, count);
    }

    /** A move of 5 % to 30 % up or down, in cents, never below 0.50 and never the old price. */
    private static BigDecimal newPrice(BigDecimal old, SplittableRandom random) {
        int percent = random.nextInt(5, 31) * (random.nextBoolean() ? 1 : -1);
        BigDecimal moved = old.multiply(BigDecimal.valueOf(100 + percent))
                .divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP)
                .max(new BigDecimal("0.50"));
        return moved.compareTo(old) == 0 ? old.add(BigDecimal.ONE) : moved;
    }

    private static String newCategory(String old, SplittableRandom random) {
        int at = 0;
        while (!ProductLine.ALL.get(at).category().equals(old)) {
            at++;
        }
        int offset = 1 + random.nextInt(ProductLine.ALL.size() - 1);
        return ProductLine.ALL.get((at + offset) % ProductLine.ALL.size()).category();
    }

    private static ChangingItem withPrice(ChangingItem item, BigDecimal price, Instant stamp) {
        return new ChangingItem(item.id(), item.title(), price, item.category(), stamp);
    }

    private static ChangingItem withCategory(ChangingItem item, String category, Instant stamp) {
        return new ChangingItem(item.id(), item.title(), item.price(), category, stamp);
    }
}
