package dev.pipeline.processor.run;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * How the processor writes a file of the output directory (a report, an abandoned-run marker) so
 * that it is there whole or not at all, also across a crash or a power cut: to a temporary file
 * beside it, forced to disk, renamed over the target in one step, then the directory forced so the
 * rename itself is durable. Readers on any instance see the old file, or none, or the new one.
 */
public final class AtomicFile {

    private AtomicFile() {}

    /** What goes into the file; the stream is buffered, and closed by the caller. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code content} to {@code temporary}, then makes it {@code target}. The temporary file
     * is gone afterwards, whatever happened; the target is untouched if anything failed.
     */
    public static void write(Path target, Path temporary, Content content) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
                content.writeTo(out);
            }
            force(temporary);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            force(directory);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
