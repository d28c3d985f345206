package dev.pipeline.processor.store;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How a file of the output directory (a report, an abandoned-run marker) is written so that it is
 * there whole or not at all, also across a crash or a power cut: to a temporary file beside it,
 * forced to disk, renamed over the target in one step, then the directory forced so the rename
 * itself is durable. Readers on any instance see the old file, or none, or the new one. Its SHA-256
 * is computed on the way to the disk, so a report of gigabytes is never read back for it.
 */
final class AtomicFile {

    private AtomicFile() {}

    /** What was written: its size and SHA-256 (lower-case hex). */
    record Written(long bytes, String sha256) {}

    /**
     * Writes {@code content} to {@code temporary}, then makes it {@code target}. The temporary file
     * is gone afterwards, whatever happened; the target is untouched if anything failed.
     */
    static Written write(Path target, Path temporary, ReportStore.Content content) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        MessageDigest sha256 = sha256();
        try {
            try (OutputStream out = new BufferedOutputStream(
                    new DigestOutputStream(Files.newOutputStream(temporary), sha256), 1 << 16)) {
                content.writeTo(out);
            }
            force(temporary);
            long bytes = Files.size(temporary);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            force(directory);
            return new Written(bytes, HexFormat.of().formatHex(sha256.digest()));
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
