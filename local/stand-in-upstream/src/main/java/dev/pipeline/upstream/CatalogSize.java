package dev.pipeline.upstream;

/**
 * How many items each generated collection holds.
 *
 * @param products DummyJSON products; a benchmark may ask for a million
 * @param posts    JSONPlaceholder posts
 * @param users    Reqres users
 * @param seedPages pages of the seed workload ({@code /seed/items}, 1 to 10 items each); 0 turns
 *                  that endpoint off
 * @param changingItems items of every generation of {@code /changing/items} ({@link ChangingItems}),
 *                  at least {@value ChangingItems#MIN_SIZE}
 */
public record CatalogSize(int products, int posts, int users, int seedPages, int changingItems) {

    public CatalogSize {
        if (products < 0 || posts < 0 || users < 0 || seedPages < 0) {
            throw new IllegalArgumentException("sizes must not be negative: products=%d posts=%d users=%d seedPages=%d"
                    .formatted(products, posts, users, seedPages));
        }
        if (changingItems < ChangingItems.MIN_SIZE) {
            throw new IllegalArgumentException(
                    "changingItems must be at least " + ChangingItems.MIN_SIZE + ", got " + changingItems);
        }
    }

    /** With the default {@value ChangingItems#DEFAULT_SIZE} changing items. */
    public CatalogSize(int products, int posts, int users, int seedPages) {
        this(products, posts, users, seedPages, ChangingItems.DEFAULT_SIZE);
    }

    /** Without the seed workload. */
    public CatalogSize(int products, int posts, int users) {
        this(products, posts, users, 0);
    }

    /** The reference APIs' own sizes: 194 products, 100 posts, 12 users. */
    public static CatalogSize defaults() {
        return new CatalogSize(194, 100, 12);
    }
}
