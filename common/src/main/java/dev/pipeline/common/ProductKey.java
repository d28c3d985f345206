package dev.pipeline.common;

/** The key format of {@link Topics#PRODUCTS}: {@code <source>:<externalId>}. */
public final class ProductKey {

    private ProductKey() {}

    public static String of(String source, String externalId) {
        return source + ':' + externalId;
    }
}
