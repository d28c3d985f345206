package dev.pipeline.processor.quality;

import dev.pipeline.common.SourceExpectations;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The arithmetic of the gates, on counts alone. Bounds are compared exactly (in decimal, as the
 * source wrote them): a drop of exactly the allowed {@code 0.1} passes, where {@code 1 - 90/100} in
 * doubles would be {@code 0.09999999999999998} and another pair {@code 0.30000000000000004}.
 */
public final class GateCheck {

    private GateCheck() {}

    /**
     * @param products the source's products in the run (deduplicated, as the report lists them)
     * @param invalid  its {@code invalid_item} errors in the run
     * @param previous its products in the last complete run that fetched it; empty when there is none
     */
    public static List<GateResult> check(
            String source, SourceExpectations expect, long products, long invalid, OptionalLong previous) {
        return check(source, expect, products, invalid, previous, false);
    }

    /**
     * The same for a source fetched {@code incremental}ly in the run: it fetched only what changed
     * since its cursor, so its count says nothing about a drop, and {@code max-drop-vs-last-run}
     * passes saying so (its other gates apply as to any source).
     */
    public static List<GateResult> check(
            String source,
            SourceExpectations expect,
            long products,
            long invalid,
            OptionalLong previous,
            boolean incremental) {
        List<GateResult> results = new ArrayList<>();
        if (expect.minItems() != null) {
            long min = expect.minItems();
            results.add(new GateResult(
                    source,
                    Gate.MIN_ITEMS,
                    BigDecimal.valueOf(min),
                    BigDecimal.valueOf(products),
                    products >= min,
                    products + " products, at least " + min + " expected"));
        }
        if (expect.maxInvalidRatio() != null) {
            BigDecimal max = BigDecimal.valueOf(expect.maxInvalidRatio());
            long items = products + invalid;
            BigDecimal ratio = items == 0 ? BigDecimal.ZERO : ratio(invalid, items);
            results.add(new GateResult(
                    source,
                    Gate.MAX_INVALID_RATIO,
                    max,
                    ratio,
                    // invalid / items <= max, without dividing
                    BigDecimal.valueOf(invalid).compareTo(max.multiply(BigDecimal.valueOf(items))) <= 0,
                    invalid + " invalid of " + items + " items (" + plain(ratio) + "), at most " + plain(max)
                            + " expected"));
        }
        if (expect.maxDropVsLastRun() != null) {
            BigDecimal max = BigDecimal.valueOf(expect.maxDropVsLastRun());
            if (incremental) {
                results.add(new GateResult(
                        source,
                        Gate.MAX_DROP_VS_LAST_RUN,
                        max,
                        null,
                        true,
                        "passes: " + source + " was fetched incrementally (only what changed since its cursor), "
                                + "so its " + products + " products are no drop"));
            } else if (previous.isEmpty()) {
                results.add(new GateResult(
                        source,
                        Gate.MAX_DROP_VS_LAST_RUN,
                        max,
                        null,
                        true,
                        "passes: no earlier complete run fetched " + source + ", nothing to compare with"));
            } else if (previous.getAsLong() == 0) {
                results.add(new GateResult(
                        source,
                        Gate.MAX_DROP_VS_LAST_RUN,
                        max,
                        BigDecimal.ZERO,
                        true,
                        products + " products, the last complete run had 0: nothing to drop from"));
            } else {
                long before = previous.getAsLong();
                BigDecimal drop = BigDecimal.ONE.subtract(ratio(products, before));
                results.add(new GateResult(
                        source,
                        Gate.MAX_DROP_VS_LAST_RUN,
                        max,
                        drop,
                        // 1 - products / before <= max  <=>  before - products <= max * before
                        BigDecimal.valueOf(before - products).compareTo(max.multiply(BigDecimal.valueOf(before))) <= 0,
                        products + " products, " + before + " in the last complete run (a drop of " + plain(drop)
                                + "), at most " + plain(max) + " expected"));
            }
        }
        return results;
    }

    private static BigDecimal ratio(long part, long whole) {
        return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
