package dev.pipeline.processor.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stream a {@link ReportStore.Content} may be given that also takes a whole file's bytes in
 * bulk: a report's products section is copied from the scratch file its rows were written to in the
 * figures' pass (about 200 MiB at a million products). A store writing a file of this host copies
 * them inside the kernel ({@code FileChannel.transferTo}), never through the Java heap.
 */
public abstract class ReportOutput extends OutputStream {

    /** Appends every byte of {@code file} to what was written so far. */
    public abstract void append(Path file) throws IOException;

    /**
     * Appends every byte of {@code file} to {@code out}: in bulk when {@code out} is a {@link
     * ReportOutput}, else read and written through the stream.
     */
    public static void append(Path file, OutputStream out) throws IOException {
        if (out instanceof ReportOutput bulk) {
            bulk.append(file);
            return;
        }
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(out);
        }
    }
}
