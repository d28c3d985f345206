package dev.pipeline.processor.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.locks.LockSupport;

/**
 * A large file's bytes sent to the disk while the rest of it is still written: every {@value
 * #STEP_BYTES} bytes written, a thread of its own forces the file ({@code fdatasync}), so the fsync
 * that makes it durable ({@link AtomicFile}) has only the last of it left to write instead of all of
 * it (a 1M-product report is about 210 MiB, and its one fsync took 0.11–0.12 s after the last byte).
 * The thread waits on the disk, not on a core. A file smaller than one step starts no thread.
 *
 * <p>A failed force is kept and thrown by {@link #finish}, before the file is forced and renamed:
 * Linux reports a write-back error to one fsync of a file description, so an error this thread saw
 * might not be seen again by the final one, and a file that did not reach the disk would be renamed
 * into place as if it had.
 */
final class Writeback implements AutoCloseable {

    static final long STEP_BYTES = 32L << 20;

    private final FileChannel channel;
    private final String name;
    /** Bytes written (the writer's thread only). */
    private long written;

    private Thread thread;
    /** Bytes the thread is asked to force: it forces whenever this grew since its last force. */
    private volatile long requested;

    private volatile boolean stopped;
    private volatile Throwable failure;

    /** For {@code channel}, the file being written; {@code name} names its thread. */
    Writeback(FileChannel channel, String name) {
        this.channel = channel;
        this.name = name;
    }

    /** {@code bytes} more are in the file (the call that wrote them has returned). */
    void wrote(long bytes) {
        written += bytes;
        if (written - requested >= STEP_BYTES && !stopped) {
            requested = written;
            if (thread == null) {
                thread = Thread.ofPlatform().name("writeback-" + name).daemon().start(this::force);
            } else {
                LockSupport.unpark(thread);
            }
        }
    }

    /**
     * Stops the thread, once it has ended any force under way; throws what a force of its own
     * failed with. Call before the file's final force.
     */
    void finish() throws IOException {
        stop();
        Throwable failed = failure;
        if (failed instanceof IOException e) {
            throw new IOException("the file could not be written to the disk: " + e.getMessage(), e);
        }
        if (failed != null) {
            throw new IllegalStateException("forcing the file to the disk failed", failed);
        }
    }

    private void force() {
        long forced = 0;
        try {
            while (!stopped) {
                long upTo = requested;
                if (upTo > forced) {
                    channel.force(false);
                    forced = upTo;
                } else {
                    LockSupport.park(this);
                }
            }
        } catch (Throwable e) { // NOPMD: handed to the writer, which throws it (finish())
            failure = e;
        }
    }

    private void stop() {
        stopped = true;
        if (thread == null) {
            return;
        }
        LockSupport.unpark(thread);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    thread.join();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // the thread ends on its own once its force returns
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops the thread, if {@link #finish} was not called; a failure is dropped (the file is not used). */
    @Override
    public void close() {
        stop();
    }
}
