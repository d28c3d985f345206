package dev.pipeline.processor.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Which prices read from Kafka a run keeps, and why it refuses the others. The cap itself,
 * {@code pipeline.processor.max-price}, is bound and checked in {@code ProcessorPropertiesTests}.
 */
class PriceRuleTests {

    private final PriceRule rule = new PriceRule(1e15);

    @Test
    void keepsNoPriceZeroAndAnythingUpToTheCap() {
        assertThat(rule.problemWith(null)).isNull();
        assertThat(rule.problemWith(0.0)).isNull();
        assertThat(rule.problemWith(19.99)).isNull();
        assertThat(rule.problemWith(1e15)).isNull();
    }

    @Test
    void refusesPricesThatAreNotFiniteNegativeOrAboveTheCapSayingWhich() {
        assertThat(rule.problemWith(Double.NaN)).isEqualTo("price NaN is not a finite number");
        assertThat(rule.problemWith(Double.POSITIVE_INFINITY)).isEqualTo("price Infinity is not a finite number");
        assertThat(rule.problemWith(Double.NEGATIVE_INFINITY)).isEqualTo("price -Infinity is not a finite number");
        assertThat(rule.problemWith(-0.01)).isEqualTo("price -0.01 is negative");
        assertThat(rule.problemWith(1e308))
                .isEqualTo("price 1.0E308 is above the cap of 1.0E15 (pipeline.processor.max-price)");
    }
}
