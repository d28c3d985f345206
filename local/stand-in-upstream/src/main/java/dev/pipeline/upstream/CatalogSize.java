package dev.pipeline.upstream;

/**
 * How many items each generated collection holds.
 *
 * @param products DummyJSON products; a benchmark may ask for a million
 * @param posts    JSONPlaceholder posts
 * @param users    Reqres users
 * @param seedPages pages of the seed workload ({@code /seed/items}, 1 to 10 items each); 0 turns
 *                  that endpoint off
 */
public record CatalogSize(int products, int posts, int users, int seedPages) {

    public CatalogSize {
        if (products < 0 || posts < 0 || users < 0 || seedPages < 0) {
            throw new IllegalArgumentException("sizes must not be negative: products=%d posts=%d users=%d seedPages=%d"
                    .formatted(products, posts, users, seedPages));
        }
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
