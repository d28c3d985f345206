package dev.pipeline.processor.report;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.DoubleBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A run's prices, spilled to a file and memory-mapped, so the median of a million prices costs
 * no heap. The median is found by selection in place (expected linear time), not by sorting.
 */
final class PriceSpill implements AutoCloseable {

    private final Path file;
    private final DataOutputStream out;
    private long count;

    PriceSpill(Path file) throws IOException {
        this.file = file;
        this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
    }

    void add(double price) {
        try {
            out.writeDouble(price);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        count++;
    }

    long count() {
        return count;
    }

    /** The median of the prices added: the mean of the two middle ones for an even count. */
    Double median() throws IOException {
        out.flush();
        if (count == 0) {
            return null;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, count * Double.BYTES);
            DoubleBuffer prices = mapped.asDoubleBuffer();
            int n = (int) count;
            double upper = select(prices, n / 2, n);
            if (n % 2 == 1) {
                return upper;
            }
            // After selecting n/2, everything left of it is no greater: the lower middle is their maximum.
            double lower = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n / 2; i++) {
                lower = Math.max(lower, prices.get(i));
            }
            return midpoint(lower, upper);
        }
    }

    /**
     * The mean of two values, correctly rounded, and finite for any two finite ones: the sum of two
     * values near {@code Double.MAX_VALUE} overflows, their halves do not (and are exact up there).
     */
    static double midpoint(double lower, double upper) {
        double mean = (lower + upper) / 2;
        return Double.isInfinite(mean) ? lower / 2 + upper / 2 : mean;
    }

    /** Hoare's quickselect with a middle pivot: the k-th smallest of the first n values. */
    private static double select(DoubleBuffer values, int k, int n) {
        int left = 0;
        int right = n - 1;
        while (left < right) {
            double pivot = values.get(left + (right - left) / 2);
            int i = left;
            int j = right;
            while (i <= j) {
                while (values.get(i) < pivot) {
                    i++;
                }
                while (values.get(j) > pivot) {
                    j--;
                }
                if (i <= j) {
                    double swap = values.get(i);
                    values.put(i++, values.get(j));
                    values.put(j--, swap);
                }
            }
            if (k <= j) {
                right = j;
            } else if (k >= i) {
                left = i;
            } else {
                return values.get(k);
            }
        }
        return values.get(k);
    }

    @Override
    public void close() throws IOException {
        out.close();
        Files.deleteIfExists(file);
    }
}
