package dev.pipeline.processor.ingest;

import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunIds;

/**
 * What a product record must be for the products listener to take it into its run: anything else is
 * refused with an {@link UnreadableRecordException}, which the error handler dead-letters at once.
 */
final class ReadableProducts {

    /** The product, when it can be taken. */
    ProductRecord check(ProductRecord product) {
        if (product == null) {
            throw new UnreadableRecordException("no value");
        }
        if (product.version() != ProductRecord.CURRENT_VERSION) {
            throw new UnreadableRecordException("unsupported product record version " + product.version());
        }
        if (!RunIds.isValid(product.runId())) {
            throw new UnreadableRecordException("invalid run id");
        }
        if (product.title() == null) {
            throw new UnreadableRecordException("product without a title");
        }
        return product;
    }
}
