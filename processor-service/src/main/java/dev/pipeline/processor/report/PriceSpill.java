package dev.pipeline.processor.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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

    /** Big-endian, as the median's {@link DoubleBuffer} reads them. */
    private static final VarHandle DOUBLES = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.BIG_ENDIAN);

    private static final int BUFFER = 1 << 16;

    private final Path file;
    private final OutputStream out;
    /**
     * Prices not yet in the file. Buffered here, not by a {@code DataOutputStream} over a {@code
     * BufferedOutputStream}, which takes the stream's lock for every price: a million times in the
     * figures' pass, on its thread, the one that the report's tail waits for.
     */
    private final byte[] buffer = new byte[BUFFER];

    private int buffered;
    private long count;

    PriceSpill(Path file) throws IOException {
        this.file = file;
        this.out = Files.newOutputStream(file);
    }

    void add(double price) {
        if (buffered == BUFFER) {
            try {
                flushBuffer();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        DOUBLES.set(buffer, buffered, price);
        buffered += Double.BYTES;
        count++;
    }

    private void flushBuffer() throws IOException {
        out.write(buffer, 0, buffered);
        buffered = 0;
    }

    long count() {
        return count;
    }

    /** The median of the prices added: the mean of the two middle ones for an even count. */
    Double median() throws IOException {
        flushBuffer();
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
