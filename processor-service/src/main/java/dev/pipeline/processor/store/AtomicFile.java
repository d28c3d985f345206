package dev.pipeline.processor.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * How a file of the output directory (a report, an abandoned-run marker) is written so that it is
 * there whole or not at all, also across a crash or a power cut: to a temporary file beside it,
 * forced to disk, renamed over the target in one step, then the directory forced so the rename
 * itself is durable. Readers on any instance see the old file, or none, or the new one. Its SHA-256
 * is taken while it is written, on a thread of its own ({@link TrailingDigest}: the file's bytes
 * read back from the page cache behind the writer), so a report of gigabytes is never read back
 * from the disk for it, and its writer does not wait for the digest but at the end, beside the fsync.
 * The content is given a {@link ReportOutput}: a file appended to it is copied inside the kernel.
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
        try {
            String sha256;
            long digested;
            try (FileChannel channel = FileChannel.open(
                            temporary,
                            StandardOpenOption.WRITE,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.TRUNCATE_EXISTING);
                    TrailingDigest digest = new TrailingDigest(temporary)) {
                try (ChannelOutput out = new ChannelOutput(channel, digest)) {
                    content.writeTo(out);
                }
                // Forced while the digest's thread reads the last of it back: the two at once.
                channel.force(true);
                sha256 = digest.sha256();
                digested = digest.bytes();
            }
            long bytes = Files.size(temporary);
            if (bytes != digested) { // the digest covers what was announced to it: all of the file, no more
                throw new IOException("%s holds %d bytes, but %d were written to it and digested"
                        .formatted(temporary, bytes, digested));
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            force(directory);
            return new Written(bytes, sha256);
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
