package dev.pipeline.processor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Minimum, maximum and mean of a run's prices: finite for any finite prices, and exact where it matters. */
class PriceFiguresTests {

    @Test
    void hasNoFiguresWithoutPrices() {
        PriceFigures figures = new PriceFigures();
        assertThat(figures.count()).isZero();
        assertThat(figures.min()).isNull();
        assertThat(figures.max()).isNull();
        assertThat(figures.mean()).isNull();
    }

    @Test
    void theMeanOfPricesNearTheLargestDoubleIsFinite() {
        assertThat(of(1e308, 1e308).mean()).isEqualTo(1e308);
        assertThat(of(Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE).mean())
                .isEqualTo(Double.MAX_VALUE);
        assertThat(of(Double.MAX_VALUE, 0.0).mean()).isEqualTo(Double.MAX_VALUE / 2);
        PriceFigures many = new PriceFigures();
        for (int i = 0; i < 1_000_000; i++) {
            many.add(Double.MAX_VALUE);
        }
        assertThat(many.mean()).isEqualTo(Double.MAX_VALUE);
        assertThat(many.max()).isEqualTo(Double.MAX_VALUE);
    }

    @Test
    void theMeanOfOrdinaryPricesIsTheirPlainMean() {
        assertThat(of(1.0, 5.5, 10.0, 20.0, 30.0).mean()).isEqualTo(13.3);
        assertThat(of(7.5).mean()).isEqualTo(7.5);
        assertThat(of(0.0, 0.0).mean()).isEqualTo(0.0);
        PriceFigures figures = of(19.99, 0.5, 1999.0);
        assertThat(figures.min()).isEqualTo(0.5);
        assertThat(figures.max()).isEqualTo(1999.0);
        assertThat(figures.count()).isEqualTo(3);
    }

    @Test
    void theSumIsCompensatedSoManySmallPricesAfterALargeOneAreNotLost() {
        // Plainly summed, each 0.01 after 1e15 is lost to rounding; compensated, all of them count.
        PriceFigures figures = new PriceFigures();
        figures.add(1e15);
        for (int i = 0; i < 10_000; i++) {
            figures.add(0.01);
        }
        double exact = new BigDecimal("1e15")
                .add(new BigDecimal("0.01").multiply(BigDecimal.valueOf(10_000)))
                .divide(BigDecimal.valueOf(10_001), java.math.MathContext.DECIMAL128)
                .doubleValue();
        assertThat(figures.mean()).isEqualTo(exact);
    }

    @Test
    void theMeanStaysBetweenTheSmallestAndTheLargestPrice() {
        Random random = new Random(13);
        for (int round = 0; round < 200; round++) {
            PriceFigures figures = new PriceFigures();
            double price = random.nextDouble() * Double.MAX_VALUE;
            for (int i = 0; i < 1 + random.nextInt(50); i++) {
                figures.add(price);
            }
            assertThat(figures.mean()).as("round %d", round).isEqualTo(price);
        }
    }

    @Test
    void refusesAPriceThatIsNotFinite() {
        PriceFigures figures = new PriceFigures();
        assertThatThrownBy(() -> figures.add(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> figures.add(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        assertThat(figures.count()).isZero();
    }

    private static PriceFigures of(double... prices) {
        PriceFigures figures = new PriceFigures();
        for (double price : prices) {
            figures.add(price);
        }
        return figures;
    }
}
