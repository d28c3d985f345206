package dev.pipeline.processor.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The median by selection over a memory-mapped spill file, against the textbook median by sorting. */
class PriceSpillTests {

    @TempDir
    Path directory;

    @Test
    void hasNoMedianWithoutPrices() throws Exception {
        try (PriceSpill spill = new PriceSpill(directory.resolve("prices"))) {
            assertThat(spill.count()).isZero();
            assertThat(spill.median()).isNull();
        }
    }

    @Test
    void medianOfAnOddCountIsTheMiddlePrice() throws Exception {
        assertThat(median(7.5)).isEqualTo(7.5);
        assertThat(median(30.0, 1.0, 20.0)).isEqualTo(20.0);
        assertThat(median(5.5, 99.99, 0.0, 10.0, 1.25)).isEqualTo(5.5);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheTwoMiddlePrices() throws Exception {
        assertThat(median(1.0, 2.0)).isEqualTo(1.5);
        assertThat(median(10.0, 1.0, 20.0, 5.5)).isEqualTo(7.75);
        assertThat(median(4.0, 3.0, 2.0, 1.0, 100.0, 0.5)).isEqualTo(2.5);
    }

    @Test
    void medianOfPricesNearTheLargestDoubleIsFinite() throws Exception {
        assertThat(median(1e308, 1e308)).isEqualTo(1e308);
        assertThat(median(Double.MAX_VALUE, Double.MAX_VALUE)).isEqualTo(Double.MAX_VALUE);
        assertThat(median(1.0, Double.MAX_VALUE, Double.MAX_VALUE, 2.0)).isEqualTo(Double.MAX_VALUE / 2 + 1.0);
        assertThat(median(1e308, 1.5e308, 0.5)).isEqualTo(1e308);
    }

    @Test
    void countsDuplicatesOneByOne() throws Exception {
        assertThat(median(3.0, 3.0, 3.0, 3.0)).isEqualTo(3.0);
        assertThat(median(1.0, 1.0, 1.0, 9.0)).isEqualTo(1.0);
        assertThat(median(1.0, 9.0, 9.0, 9.0)).isEqualTo(9.0);
        assertThat(median(2.0, 2.0, 5.0, 5.0)).isEqualTo(3.5);
        assertThat(median(0.0, 0.0, 0.0, 7.0, 7.0)).isEqualTo(0.0);
    }

    @Test
    void matchesTheMedianOfTheSortedPricesOverRandomData() throws Exception {
        Random random = new Random(20261123);
        for (int round = 0; round < 400; round++) {
            int n = 1 + random.nextInt(round < 300 ? 60 : 5_000);
            // Few distinct values in some rounds (many duplicates), cents in others, sorted or reversed in some.
            int distinct = round % 3 == 0 ? 1 + random.nextInt(4) : 0;
            double[] prices = new double[n];
            for (int i = 0; i < n; i++) {
                prices[i] = distinct > 0
                        ? random.nextInt(distinct) * 2.5
                        : Math.round(random.nextDouble() * 100_000) / 100.0;
            }
            if (round % 7 == 0) {
                Arrays.sort(prices);
            } else if (round % 7 == 1) {
                Arrays.sort(prices);
                for (int i = 0; i < n / 2; i++) {
                    double swap = prices[i];
                    prices[i] = prices[n - 1 - i];
                    prices[n - 1 - i] = swap;
                }
            }
            assertThat(median(prices))
                    .as("round %d: %d prices %s", round, n, n <= 20 ? Arrays.toString(prices) : "")
                    .isEqualTo(sortedMedian(prices));
        }
    }

    @Test
    void aMillionPricesCostNoHeapAndLeaveNoFileBehind() throws Exception {
        Path file = directory.resolve("million");
        Random random = new Random(7);
        double[] prices = new double[1_000_000];
        try (PriceSpill spill = new PriceSpill(file)) {
            for (int i = 0; i < prices.length; i++) {
                prices[i] = Math.round(random.nextDouble() * 100_000) / 100.0;
                spill.add(prices[i]);
            }
            assertThat(spill.count()).isEqualTo(prices.length);
            assertThat(spill.median()).isEqualTo(sortedMedian(prices));
            assertThat(Files.size(file)).isEqualTo(prices.length * 8L);
        }
        assertThat(file).doesNotExist();
    }

    private Double median(double... prices) throws Exception {
        try (PriceSpill spill = new PriceSpill(Files.createTempFile(directory, "prices", ".bin"))) {
            for (double price : prices) {
                spill.add(price);
            }
            assertThat(spill.count()).isEqualTo(prices.length);
            return spill.median();
        }
    }

    private static double sortedMedian(double[] prices) {
        double[] sorted = prices.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
