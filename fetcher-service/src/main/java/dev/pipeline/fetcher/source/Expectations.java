package dev.pipeline.fetcher.source;

import dev.pipeline.common.SourceExpectations;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * A source's quality gates, {@code expect:}: each optional, checked by the processor when a run that
 * fetched the source completes (a run that misses one ends {@code DEGRADED}). Validated at startup,
 * naming the field: a ratio outside [0, 1] could never pass or never fail, which is a typo, not a gate.
 *
 * @param minItems         {@code min-items}: at least this many products of the source in the report
 * @param maxInvalidRatio  {@code max-invalid-ratio}: at most this share of its items invalid
 *                         ({@code invalid_item} errors ÷ (products + {@code invalid_item} errors))
 * @param maxDropVsLastRun {@code max-drop-vs-last-run}: at most this drop of its products against the
 *                         previous complete run that fetched it (1 − products ÷ its products)
 */
public record Expectations(
        @PositiveOrZero(message = "expect.min-items must be 0 or more")
        Long minItems,

        @DecimalMin(value = "0", message = "expect.max-invalid-ratio must be a ratio between 0 and 1")
        @DecimalMax(value = "1", message = "expect.max-invalid-ratio must be a ratio between 0 and 1")
        Double maxInvalidRatio,

        @DecimalMin(value = "0", message = "expect.max-drop-vs-last-run must be a ratio between 0 and 1")
        @DecimalMax(value = "1", message = "expect.max-drop-vs-last-run must be a ratio between 0 and 1")
        Double maxDropVsLastRun) {

    /** As a run's start carries it to the processor. */
    public SourceExpectations onTheWire() {
        return new SourceExpectations(minItems, maxInvalidRatio, maxDropVsLastRun);
    }
}
