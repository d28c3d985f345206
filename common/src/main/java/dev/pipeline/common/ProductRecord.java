package dev.pipeline.common;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One item of a source, mapped to a product: the value of {@link Topics#PRODUCTS}, keyed by
 * {@link #key()}.
 *
 * @param version     wire format version, {@link #CURRENT_VERSION}; a reader refuses others
 * @param runId       the run that fetched it
 * @param source      the configured source's name
 * @param externalId  the source's own id, as a string
 * @param title       never blank
 * @param price       non-negative, or {@code null} when the source has none
 * @param category    {@code "unknown"} when the source has none
 * @param endpoint    the page URL it came from
 * @param fetchedAt   when its page arrived
 * @param attributes  further mapped fields, by name
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
        Map<String, String> attributes) {

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

    /** The Kafka key: the same product from the same source always lands on the same key. */
    public String key() {
        return ProductKey.of(source, externalId);
    }
}
