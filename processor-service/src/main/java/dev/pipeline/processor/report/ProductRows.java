package dev.pipeline.processor.report;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run's product report rows, in report order, in a scratch file beside the report: written in the
 * pass over the store that makes the figures, read back when the products are written, so a report
 * reads its store's products once, not twice. Each row is its length and its bytes. Written whole or
 * not used: {@link #complete} says whether every product the pass counted is in it.
 */
final class ProductRows implements AutoCloseable {

    private static final int BUFFER = 1 << 16;

    private final Path file;
    private final DataOutputStream out;
    private long count;
    private boolean written;

    ProductRows(Path file) throws IOException {
        this.file = file;
        this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER));
    }

    /** The row of the stored product {@code value} (from its position 0), which starts at {@code jsonStart}. */
    void add(ByteBuffer value, int jsonStart) {
        try {
            int length = value.limit() - jsonStart;
            out.writeInt(length);
            out.write(value.array(), value.arrayOffset() + jsonStart, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        count++;
    }

    /** Every row is in the file: the pass over the store ended and counted {@code products}. */
    void complete(long products) throws IOException {
        out.flush();
        written = products == count;
    }

    boolean isComplete() {
        return written;
    }

    /** Each row in order, as {@code bytes[0, length)} of a buffer valid during the call; answers how many. */
    long forEach(RowAction action) throws IOException {
        long read = 0;
        byte[] row = new byte[RunFigures.SCRATCH_BYTES];
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER))) {
            for (; read < count; read++) {
                int length = in.readInt();
                if (length > row.length) {
                    row = new byte[length];
                }
                in.readFully(row, 0, length);
                action.accept(row, length);
            }
        }
        return read;
    }

    @FunctionalInterface
    interface RowAction {
        void accept(byte[] row, int length);
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
