package dev.pipeline.upstream;

/**
 * How many items each generated collection holds.
 *
 * @param products DummyJSON products; a benchmark may ask for a million
 * @param posts    JSONPlaceholder posts
 * @param users    Reqres users
 */
public record CatalogSize(int products, int posts, int users) {

    public CatalogSize {
        if (products < 0 || posts < 0 || users < 0) {
            throw new IllegalArgumentException(
                    "sizes must not be negative: products=%d posts=%d users=%d".formatted(products, posts, users));
        }
    }

    /** The reference APIs' own sizes: 194 products, 100 posts, 12 users. */
    public static CatalogSize defaults() {
        return new CatalogSize(194, 100, 12);
    }
}
