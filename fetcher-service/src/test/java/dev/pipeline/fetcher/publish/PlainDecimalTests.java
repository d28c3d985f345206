package dev.pipeline.fetcher.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link PlainDecimal} writes what {@code Double.toString} writes, or leaves the value to it. */
class PlainDecimalTests {

    @Test
    void writesPricesAndSizesAsDoubleToStringDoes() {
        for (double value : List.of(
                129.99,
                0.001,
                -0.001,
                0.01,
                0.1,
                0.3,
                1.0,
                -1.0,
                100.0,
                9999999.0,
                9999999.99999999,
                4.35,
                2.5,
                1234567.125,
                0.123456789012345,
                1e-3)) {
            assertThat(PlainDecimal.of(value)).as("%s", value).isEqualTo(Double.toString(value));
        }
        // more than 15 digits, or more than 15 decimal places: may be left to formatting, never wrong
        for (double value : List.of(Math.nextDown(1e7), 0.00999999999999999)) {
            String text = PlainDecimal.of(value);
            if (text != null) {
                assertThat(text).as("%s", value).isEqualTo(Double.toString(value));
            }
        }
        assertThat(PlainDecimal.of(129.99)).isEqualTo("129.99");
        assertThat(PlainDecimal.of(100.0)).isEqualTo("100.0");
        assertThat(PlainDecimal.of(0.001)).isEqualTo("0.001");
        assertThat(PlainDecimal.of(-12.5)).isEqualTo("-12.5");
        for (double value : List.of(
                0.0,
                -0.0,
                1e7,
                1e-4,
                0.000999,
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.MIN_VALUE,
                1e300,
                0.1 + 0.2)) {
            assertThat(PlainDecimal.of(value)).as("%s", value).isNull();
        }
    }

    @Test
    void agreesWithDoubleToStringOverGeneratedValues() {
        SplittableRandom random = new SplittableRandom(16);
        int known = 0;
        int values = 3_000_000;
        for (int i = 0; i < values; i++) {
            double value = switch (i % 5) {
                case 0 -> random.nextInt(0, 100_000_000) / 100.0; // prices
                case 1 -> random.nextInt(0, 10_001) / 100.0 * (random.nextBoolean() ? 1 : -1);
                case 2 -> random.nextLong(0, 1_000_000_000_000_000L) / Math.pow(10, random.nextInt(0, 19));
                case 3 -> Double.longBitsToDouble(random.nextLong());
                default -> random.nextDouble() * Math.pow(10, random.nextInt(-5, 9));
            };
            String text = PlainDecimal.of(value);
            if (text != null) {
                known++;
                assertThat(text).as("%s", value).isEqualTo(Double.toString(value));
            } else if (i % 5 == 0 && value >= 1e-3) {
                throw new AssertionError("a price is left to formatting: " + value);
            }
        }
        assertThat(known).isGreaterThan(values / 3);
    }
}
