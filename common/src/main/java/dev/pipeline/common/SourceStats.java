package dev.pipeline.common;

/**
 * What one source did in one run.
 *
 * @param requests     HTTP requests sent, retries included
 * @param succeeded    requests answered with a usable page
 * @param failed       requests that failed (any attempt)
 * @param retried      requests that were retries of an earlier attempt
 * @param items        items found on its pages
 * @param invalidItems items that failed validation (each is also an error)
 */
public record SourceStats(long requests, long succeeded, long failed, long retried, long items, long invalidItems) {

    public static final SourceStats NONE = new SourceStats(0, 0, 0, 0, 0, 0);

    public SourceStats plus(SourceStats other) {
        return new SourceStats(
                requests + other.requests,
                succeeded + other.succeeded,
                failed + other.failed,
                retried + other.retried,
                items + other.items,
                invalidItems + other.invalidItems);
    }
}
