package dev.pipeline.processor.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A page of {@code GET /api/catalog}: items in key order, the cursor of the next page ({@code null}
 * on the last), whether the catalogue had caught up with the topic when the page was read, and the
 * offsets it is as of (per products partition, the next offset to read: every record before it is
 * in).
 *
 * @param unreadable keys on this page whose latest record could not be read (not a product record
 *                   of a version this processor knows, or one whose key is not its source and id):
 *                   left out, counted here; the listeners dead-letter such records
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record CatalogPage(List<Item> items, String nextCursor, boolean upToDate, Map<Integer, Long> asOf, int unreadable) {

    /** A product as its latest record says, with the run that last saw it and when. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Item(
            String key,
            String source,
            String externalId,
            String title,
            Double price,
            String category,
            Map<String, String> attributes,
            String endpoint,
            String runId,
            Instant fetchedAt) {}
}
