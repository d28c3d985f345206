package dev.pipeline.processor.report;

import dev.pipeline.processor.store.ReportOutput;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import tools.jackson.core.JsonGenerator;

/**
 * A run's product report rows, in report order, written in the pass over the store that makes the
 * figures and copied into the report when its products are written, so a report reads its store's
 * products once, not twice. The scratch file beside the report holds the products section's own
 * bytes after its first row: each further row preceded by the separator the report's printer writes
 * between rows, so it is copied in bulk, not row by row through the JSON generator. The first row is
 * kept aside, for the generator to write: it then knows the array has rows and closes it as it should.
 * Written whole or not used: {@link #complete} says whether every product the pass counted is in it.
 */
final class ProductRows implements AutoCloseable {

    private static final int BUFFER = 1 << 16;

    private final Path file;
    private final byte[] separator;
    private final BufferedOutputStream out;
    private byte[] first;
    private long count;
    private boolean written;

    /** Rows into {@code file}, {@code separator} between any two of them. */
    ProductRows(Path file, byte[] separator) throws IOException {
        this.file = file;
        this.separator = separator.clone();
        this.out = new BufferedOutputStream(Files.newOutputStream(file), BUFFER);
    }

    /** The row of the stored product {@code value} (from its position 0), which starts at {@code jsonStart}. */
    void add(ByteBuffer value, int jsonStart) {
        int from = value.arrayOffset() + jsonStart;
        int to = value.arrayOffset() + value.limit();
        if (count == 0) {
            first = Arrays.copyOfRange(value.array(), from, to);
        } else {
            try {
                out.write(separator);
                out.write(value.array(), from, to - from);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
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

    /**
     * Writes the rows as values of the array {@code out} has just started, {@code report} being the
     * stream {@code out} writes to: the first through {@code out}, so that it closes the array as one
     * with rows, then the rest, after what {@code out} wrote, straight into {@code report}.
     */
    void writeTo(JsonGenerator out, OutputStream report) throws IOException {
        if (first == null) {
            return;
        }
        out.writeRawValue(new RawJson().of(first, 0, first.length));
        out.flush();
        copyRestTo(report);
    }

    /**
     * Writes every row after the first, each preceded by the separator, to {@code report}: inside the
     * kernel when it is a store's {@link ReportOutput}.
     */
    private void copyRestTo(OutputStream report) throws IOException {
        ReportOutput.append(file, report);
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
