package dev.pipeline.processor.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file of this host written from its start through a buffer, each write announced to the
 * {@link TrailingDigest} taking its SHA-256; a file {@linkplain #append appended} is copied inside
 * the kernel in steps, each announced once it is in the file. Closing it flushes it, not the channel,
 * which its owner forces and closes.
 */
final class ChannelOutput extends ReportOutput {

    private static final int BUFFER = 1 << 16;

    /** Bulk copies go in steps this big, so that the digest follows them closely. */
    private static final long STEP = 8L << 20;

    private final FileChannel channel;
    private final TrailingDigest digest;
    private final byte[] buffer = new byte[BUFFER];
    private int count;
    private boolean closed;

    ChannelOutput(FileChannel channel, TrailingDigest digest) {
        this.channel = channel;
        this.digest = digest;
    }

    @Override
    public void write(int b) throws IOException {
        open();
        if (count == BUFFER) {
            flushBuffer();
        }
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        open();
        if (len >= BUFFER) {
            flushBuffer();
            writeFully(ByteBuffer.wrap(b, off, len));
            return;
        }
        if (len > BUFFER - count) {
            flushBuffer();
        }
        System.arraycopy(b, off, buffer, count, len);
        count += len;
    }

    @Override
    public void append(Path file) throws IOException {
        open();
        flushBuffer();
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            for (long position = 0; position < size; ) {
                long copied = in.transferTo(position, Math.min(STEP, size - position), channel);
                if (copied <= 0) {
                    throw new IOException(file + " ended at " + position + " of its " + size + " bytes while copied");
                }
                position += copied;
                digest.wrote(copied);
            }
        }
    }

    @Override
    public void flush() throws IOException {
        flushBuffer();
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            flushBuffer();
            closed = true;
        }
    }

    private void open() throws IOException {
        if (closed) {
            throw new IOException("written after it was closed");
        }
    }

    private void flushBuffer() throws IOException {
        if (count > 0) {
            writeFully(ByteBuffer.wrap(buffer, 0, count));
            count = 0;
        }
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
        int length = bytes.remaining();
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        digest.wrote(length);
    }
}
