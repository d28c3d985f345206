package dev.pipeline.processor.report;

/**
 * Minimum, maximum and mean of a run's prices, in one pass and constant memory, finite for any
 * finite prices: a plain sum of two prices of 1e308 is already infinite.
 *
 * <p>Each price is scaled by 2<sup>-64</sup> before it is summed. Scaling by a power of two is
 * exact (down to 2<sup>-958</sup> ≈ 4e-289, far below a cent), so the sum is the plain sum, only
 * with room for 2<sup>64</sup> prices of {@code Double.MAX_VALUE}; the mean is scaled back after
 * the division, where it cannot overflow. The sum is compensated (Neumaier's variant of Kahan's),
 * so its rounding error does not grow with the number of prices, and the mean is kept between
 * the minimum and the maximum, where rounding may otherwise push it by an ulp.
 */
final class PriceFigures {

    private static final double DOWN = 0x1p-64;
    private static final double UP = 0x1p64;

    private long count;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double sum;
    private double compensation;

    /** @param price finite (the ledger lets no other price into a run) */
    void add(double price) {
        if (!Double.isFinite(price)) {
            throw new IllegalArgumentException("not a finite price: " + price);
        }
        count++;
        min = Math.min(min, price);
        max = Math.max(max, price);
        double scaled = price * DOWN;
        double next = sum + scaled;
        compensation += Math.abs(sum) >= Math.abs(scaled) ? (sum - next) + scaled : (scaled - next) + sum;
        sum = next;
    }

    long count() {
        return count;
    }

    Double min() {
        return count == 0 ? null : min;
    }

    Double max() {
        return count == 0 ? null : max;
    }

    Double mean() {
        if (count == 0) {
            return null;
        }
        double mean = (sum + compensation) / count * UP;
        return Math.min(max, Math.max(min, mean));
    }
}
