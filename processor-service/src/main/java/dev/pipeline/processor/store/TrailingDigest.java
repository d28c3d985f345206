package dev.pipeline.processor.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.locks.LockSupport;

/**
 * The SHA-256 of a file while it is written, taken on a thread of its own: the thread reads the
 * file back (from the page cache) behind the writer, up to what the writer has announced
 * ({@link #wrote}), and digests it. At a million products a report is about 210 MiB, and its
 * digest about 0.16 s of a core; taken on the writer's thread it lengthened the report's tail by as
 * much, here it runs beside the writing and the fsync. It covers every byte of the file, however
 * they got there: written through a stream or copied into the file in bulk, each
 * {@linkplain #wrote announced} once it is in the file. One thread and one 1 MiB buffer per file, whatever its size.
 */
final class TrailingDigest implements AutoCloseable {

    private static final int CHUNK = 1 << 20;

    private final FileChannel in;
    private final MessageDigest sha256 = newSha256();
    private final Thread thread;
    /** Bytes at the file's start that are written: the thread digests up to here. */
    private volatile long written;
    /** Set after the last {@link #written}: nothing more comes. */
    private volatile boolean ended;

    private volatile boolean cancelled;
    private volatile Throwable failure;
    private String hex;

    /** Starts digesting {@code file}, which is there (empty or being written). */
    TrailingDigest(Path file) throws IOException {
        this.in = FileChannel.open(file, StandardOpenOption.READ);
        this.thread = Thread.ofPlatform()
                .name("digest-" + file.getFileName())
                .daemon()
                .unstarted(this::digest);
        try {
            thread.start();
        } catch (RuntimeException | Error e) { // no thread to be had: the file is not left open
            in.close();
            throw e;
        }
    }

    /** {@code bytes} more of the file are written (the call that wrote them has returned). */
    void wrote(long bytes) {
        written += bytes; // only the writer's thread writes it
        LockSupport.unpark(thread);
    }

    /** How many bytes were announced. */
    long bytes() {
        return written;
    }

    /**
     * The file's SHA-256 (lower-case hex), once every byte announced is digested: call after the last
     * write. The thread's own failure (reading the file back) is thrown here.
     */
    String sha256() throws IOException {
        if (hex == null) {
            ended = true;
            LockSupport.unpark(thread);
            join();
            if (failure instanceof IOException e) {
                throw new IOException("the written file could not be read back for its SHA-256: " + e.getMessage(), e);
            }
            if (failure != null) {
                throw new IllegalStateException("the SHA-256 of the written file failed", failure);
            }
            hex = HexFormat.of().formatHex(sha256.digest());
        }
        return hex;
    }

    private void digest() {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        long position = 0;
        try {
            while (!cancelled) {
                boolean last = ended; // read before written: once ended is seen, written is final
                long upTo = written;
                if (position < upTo) {
                    buffer.clear().limit((int) Math.min(CHUNK, upTo - position));
                    int read = in.read(buffer, position);
                    if (read < 0) {
                        throw new IOException("the file ended at " + position + " bytes, " + upTo + " were written");
                    }
                    sha256.update(buffer.array(), 0, read);
                    position += read;
                } else if (last) {
                    return;
                } else {
                    LockSupport.park(this);
                }
            }
        } catch (Throwable e) { // NOPMD: handed to the writer, which throws it (sha256())
            failure = e;
        }
    }

    private void join() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    thread.join();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // the thread ends on its own soon: its file is read to its end or cancelled
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops the thread, if the digest was not asked for, and closes the file it reads. */
    @Override
    public void close() throws IOException {
        try {
            if (hex == null) {
                cancelled = true;
                LockSupport.unpark(thread);
                join();
            }
        } finally {
            in.close();
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
