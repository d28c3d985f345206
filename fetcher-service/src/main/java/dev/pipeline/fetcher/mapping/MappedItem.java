package dev.pipeline.fetcher.mapping;

import dev.pipeline.common.ProductRecord;

/** What an item of a page became: a product, or an invalid item with the reason. */
public sealed interface MappedItem {

    record Product(ProductRecord record) implements MappedItem {}

    /** {@code externalId} is the item's id when it has a readable one, for the error message. */
    record Invalid(String externalId, String reason) implements MappedItem {}
}
