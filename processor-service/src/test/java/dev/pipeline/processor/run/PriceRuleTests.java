package dev.pipeline.processor.run;

import dev.pipeline.processor.ProcessorProperties;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which prices read from Kafka a run keeps, and why it refuses the others. */
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
        assertThat(rule.problemWith(1e308)).isEqualTo("price 1.0E308 is above the cap of 1.0E15 (pipeline.processor.max-price)");
    }

    @Test
    void theCapIsAQuadrillionUnlessConfiguredAndMustBeAPositiveFiniteNumber() {
        assertThat(properties(null).maxPrice()).isEqualTo(1e15);
        assertThat(properties(Double.MAX_VALUE).maxPrice()).isEqualTo(Double.MAX_VALUE);
        assertThatThrownBy(() -> properties(Double.POSITIVE_INFINITY)).hasMessageContaining("pipeline.processor.max-price");
        assertThatThrownBy(() -> properties(0.0)).hasMessageContaining("pipeline.processor.max-price");
        assertThatThrownBy(() -> properties(Double.NaN)).hasMessageContaining("pipeline.processor.max-price");
    }

    private static ProcessorProperties properties(Double maxPrice) {
        return new ProcessorProperties(Path.of("out"), Path.of("work"), Duration.ofSeconds(1), Duration.ofHours(1),
                null, maxPrice, null, null);
    }
}
