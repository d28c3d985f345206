package dev.pipeline.processor.quality;

import java.math.BigDecimal;

/**
 * One gate of one source, checked.
 *
 * @param expected the bound the source declared
 * @param actual   the run's figure (ratios rounded to 4 decimals); {@code null} when there is nothing
 *                 to compare with
 * @param detail   what was counted, or why the gate passed without a figure
 */
public record GateResult(
        String source, Gate gate, BigDecimal expected, BigDecimal actual, boolean passed, String detail) {

    /** As a reason in a notification or a status: {@code shop min_items: 42 products, at least 100 expected}. */
    public String reason() {
        return source + " " + gate.wireName() + ": " + detail;
    }
}
