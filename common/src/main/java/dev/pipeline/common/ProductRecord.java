package dev.pipeline.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One item of a source, mapped to a product: the value of {@link Topics#PRODUCTS}, keyed by
 * {@link #key()}.
 *
 * <p>Its JSON is described for consumers by the published schema
 * {@code schemas/product-record.v1.schema.json} (in common's jar, from {@code common/src/main/resources}).
 *
 * @param version     wire format version, {@link #CURRENT_VERSION}; a reader refuses others. Still
 *                    1 with {@code item}: a field added as optional is read by every version-1 reader
 *                    (they skip fields they do not know), and records written before it, without one,
 *                    are still read; a new version would make every processor of the previous release
 *                    dead-letter every new record during a rolling upgrade
 * @param runId       the run that fetched it
 * @param source      the configured source's name
 * @param externalId  the source's own id, as a string
 * @param title       never blank
 * @param price       non-negative, or {@code null} when the source has none
 * @param category    {@code "unknown"} when the source has none
 * @param endpoint    the page URL it came from
 * @param fetchedAt   when its page arrived
 * @param attributes  further mapped fields, by name (a source's {@code fields.attributes}): each the
 *                    text of the value it was read from (a number or boolean as its JSON text, an
 *                    object or array as its compact JSON). The report's product rows carry them
 * @param item        the item as the source sent it, shaped by the source's {@code include}/{@code
 *                    exclude} and within its size cap; {@code null} (left out of the JSON) in records
 *                    written before items travelled, and where the processor reads records (it needs
 *                    none of it, see {@link #withoutItem})
 */
public record ProductRecord(
        int version,
        String runId,
        String source,
        String externalId,
        String title,
        Double price,
        String category,
        String endpoint,
        Instant fetchedAt,
        Map<String, String> attributes,
        @JsonInclude(JsonInclude.Include.NON_NULL) ItemJson item) {

    public static final int CURRENT_VERSION = 1;
    public static final String UNKNOWN_CATEGORY = "unknown";

    /**
     * The Kafka header of a product record naming the try of the task that published it, as that
     * try's {@link RunEvent.TaskDone#attempt()} does (UTF-8). A run's readers count as read only the
     * records of tries whose {@code TaskDone} counted: a second copy of a task (committed twice, its
     * {@code TaskDone} not read yet) must not make up for records that were never read. Records without
     * it (written by an older fetcher) count for every try.
     */
    public static final String ATTEMPT_HEADER = "pipeline_attempt";

    public ProductRecord {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(externalId, "externalId");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        category = category == null || category.isBlank() ? UNKNOWN_CATEGORY : category;
    }

    /** A record without its item, as written before items travelled. */
    public ProductRecord(
            int version,
            String runId,
            String source,
            String externalId,
            String title,
            Double price,
            String category,
            String endpoint,
            Instant fetchedAt,
            Map<String, String> attributes) {
        this(version, runId, source, externalId, title, price, category, endpoint, fetchedAt, attributes, null);
    }

    /** Itself without its item: what a reader that keeps none of it holds. */
    public ProductRecord withoutItem() {
        return item == null
                ? this
                : new ProductRecord(
                        version, runId, source, externalId, title, price, category, endpoint, fetchedAt, attributes);
    }

    /** The Kafka key: the same product from the same source always lands on the same key. */
    public String key() {
        return ProductKey.of(source, externalId);
    }
}
