package dev.pipeline.upstream;

import static dev.pipeline.upstream.Vocabulary.pick;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The deterministic generator behind every endpoint: item {@code n} of a given seed is always
 * the same, and is computed on its own, so nothing is ever held in memory. Tests use it to work
 * out the figures they expect.
 */
public final class Catalog {

    /** Every 25th product is unbranded, as some of the reference's are. */
    static final int UNBRANDED_EVERY = 25;

    private static final int POSTS_PER_USER = 10;
    static final int SEED_ITEMS_PER_PAGE = 10;
    private static final int MIN_PRICE_CENTS = 50;
    private static final int MAX_PRICE_CENTS = 200_000;
    /** Shop-style endings, repeated on purpose so prices are not all distinct. */
    private static final int[] CENT_ENDINGS = {99, 99, 49, 95, 0};

    private final CatalogSize size;
    private final long seed;

    public Catalog(CatalogSize size, long seed) {
        this.size = Objects.requireNonNull(size, "size");
        this.seed = seed;
    }

    public CatalogSize size() {
        return size;
    }

    /** Product {@code id}, 1 to {@code size().products()}. */
    public GeneratedProduct product(int id) {
        checkRange("product", id, size.products());
        SplittableRandom random = Seeds.random(seed, Seeds.PRODUCTS, id);
        ProductLine line = ProductLine.ALL.get(random.nextInt(ProductLine.ALL.size()));
        String noun = pick(line.nouns(), random);
        String title = pick(Vocabulary.ADJECTIVES, random) + " " + noun;
        String brand = id % UNBRANDED_EVERY == 0 ? null : pick(line.brands(), random);
        return new GeneratedProduct(
                id,
                title,
                description(title, random),
                line.category(),
                price(line, random),
                random.nextInt(0, 2_001) / 100.0,
                random.nextInt(100, 501) / 100.0,
                random.nextInt(0, 151),
                brand,
                sku(line, brand, id),
                List.of(line.category(), noun.toLowerCase(Locale.ROOT)),
                // Drawn last: every field before it is what it was before dimensions were added.
                new GeneratedProduct.Dimensions(centimetres(random), centimetres(random), centimetres(random)));
    }

    /** Post {@code id}, 1 to {@code size().posts()}. */
    public GeneratedPost post(int id) {
        checkRange("post", id, size.posts());
        SplittableRandom random = Seeds.random(seed, Seeds.POSTS, id);
        String title = Vocabulary.fillerWords(3 + random.nextInt(6), random);
        StringBuilder body = new StringBuilder(240);
        for (int line = 0; line < 4; line++) {
            if (line > 0) {
                body.append('\n');
            }
            body.append(Vocabulary.fillerWords(6 + random.nextInt(5), random));
        }
        return new GeneratedPost((id - 1) / POSTS_PER_USER + 1, id, title, body.toString());
    }

    /** User {@code id}, 1 to {@code size().users()}. */
    public GeneratedUser user(int id) {
        checkRange("user", id, size.users());
        SplittableRandom random = Seeds.random(seed, Seeds.USERS, id);
        String first = pick(Vocabulary.FIRST_NAMES, random);
        String last = pick(Vocabulary.LAST_NAMES, random);
        // The id keeps emails unique however many users share a name.
        String email = (first + "." + last).toLowerCase(Locale.ROOT) + id + "@example.test";
        return new GeneratedUser(
                id, email, first, last, "https://stand-in-upstream.invalid/img/faces/" + id + "-image.jpg");
    }

    /** How many items page {@code page} of the seed workload holds: 1 to 10, fixed by the seed. */
    public int seedItemsOn(int page) {
        checkRange("seed page", page, size.seedPages());
        return 1 + Seeds.random(seed, Seeds.SEED_PAGES, page).nextInt(SEED_ITEMS_PER_PAGE);
    }

    /** Every item of the seed workload: the sum of {@link #seedItemsOn} over its pages. */
    public long seedItems() {
        long total = 0;
        for (int page = 1; page <= size.seedPages(); page++) {
            total += seedItemsOn(page);
        }
        return total;
    }

    /**
     * Item {@code index} (1 to {@link #seedItemsOn}) of seed page {@code page}. Its id is
     * {@code (page - 1) * 10 + index}, unique across the workload.
     */
    public GeneratedSeedItem seedItem(int page, int index) {
        checkRange("seed item", index, seedItemsOn(page));
        int id = (page - 1) * SEED_ITEMS_PER_PAGE + index;
        SplittableRandom random = Seeds.random(seed, Seeds.SEED_ITEMS, id);
        ProductLine line = ProductLine.ALL.get(random.nextInt(ProductLine.ALL.size()));
        String title = pick(Vocabulary.ADJECTIVES, random) + " " + pick(line.nouns(), random);
        return new GeneratedSeedItem(id, title, price(line, random), line.category());
    }

    /** Two or three sentences, which keeps a product's JSON at roughly 300 to 500 bytes. */
    private static String description(String title, SplittableRandom random) {
        String feature = pick(Vocabulary.FEATURES, random);
        String text = "The " + title + " is a " + pick(Vocabulary.QUALITIES, random)
                + " choice for " + pick(Vocabulary.AUDIENCES, random) + ". "
                + Character.toUpperCase(feature.charAt(0)) + feature.substring(1)
                + " and " + pick(Vocabulary.FEATURES, random) + " make it easy to "
                + pick(Vocabulary.BENEFITS, random) + ".";
        if (random.nextInt(10) < 4) {
            text += " Available in " + pick(Vocabulary.COLOURS, random) + ", it ships in " + (1 + random.nextInt(7))
                    + " business days.";
        }
        return text;
    }

    private static double centimetres(SplittableRandom random) {
        return random.nextInt(100, 10_001) / 100.0;
    }

    private static double price(ProductLine line, SplittableRandom random) {
        int dollars = random.nextInt(line.minPrice(), line.maxPrice() + 1);
        int cents = random.nextInt(4) == 0 ? random.nextInt(100) : CENT_ENDINGS[random.nextInt(CENT_ENDINGS.length)];
        int total = Math.clamp(dollars * 100L + cents, MIN_PRICE_CENTS, MAX_PRICE_CENTS);
        return total / 100.0;
    }

    private static String sku(ProductLine line, String brand, int id) {
        String brandCode = brand == null ? "GEN" : brand.substring(0, 3).toUpperCase(Locale.ROOT);
        String digits = Integer.toString(id);
        return line.code() + "-" + brandCode + "-" + "0".repeat(Math.max(0, 6 - digits.length())) + digits;
    }

    private static void checkRange(String kind, int id, int count) {
        if (id < 1 || id > count) {
            throw new IllegalArgumentException(kind + " id " + id + " is outside 1.." + count);
        }
    }
}
