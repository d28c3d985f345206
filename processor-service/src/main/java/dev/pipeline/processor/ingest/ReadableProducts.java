package dev.pipeline.processor.ingest;

import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunIds;

/**
 * What a product record must be for the products listener to take it into its run: anything else is
 * refused with an {@link UnreadableRecordException}, which the error handler dead-letters at once.
 */
final class ReadableProducts {

    /**
     * The run id last found valid: the deserializer gives record after record of a run the same
     * {@code String} ({@link RecentString}), which is then not checked again. Shared by the consumer
     * threads without a lock: a thread reads a whole {@code String}, and a stale one only means
     * checking again.
     */
    private String lastValidRunId;

    /** The product, when it can be taken. */
    ProductRecord check(ProductRecord product) {
        if (product == null) {
            throw new UnreadableRecordException("no value");
        }
        if (product.version() != ProductRecord.CURRENT_VERSION) {
            throw new UnreadableRecordException("unsupported product record version " + product.version());
        }
        String runId = product.runId();
        if (runId != lastValidRunId) {
            if (!RunIds.isValid(runId)) {
                throw new UnreadableRecordException("invalid run id");
            }
            lastValidRunId = runId;
        }
        if (product.title() == null) {
            throw new UnreadableRecordException("product without a title");
        }
        return product;
    }
}
