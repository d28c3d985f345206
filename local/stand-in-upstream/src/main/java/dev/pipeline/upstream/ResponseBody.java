package dev.pipeline.upstream;

import com.sun.net.httpserver.HttpExchange;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A response body that is buffered so it can go out with a Content-Length (cheapest for
 * keep-alive clients), and switches to chunked streaming once it outgrows the buffer, so even
 * an unpaged listing of a huge catalogue never sits in memory whole.
 *
 * <p>Nothing is sent until {@link #finish()} or the buffer fills: an endpoint that fails midway
 * through a small body leaves the exchange free for an error response.
 */
final class ResponseBody extends OutputStream {

    static final int BUFFER_LIMIT = 1 << 20;

    private final HttpExchange exchange;
    private final int status;
    private ByteArrayOutputStream buffer = new ByteArrayOutputStream(8 * 1024);
    private OutputStream streaming;

    ResponseBody(HttpExchange exchange, int status) {
        this.exchange = exchange;
        this.status = status;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (streaming != null) {
            streaming.write(bytes, offset, length);
            return;
        }
        buffer.write(bytes, offset, length);
        if (buffer.size() > BUFFER_LIMIT) {
            startStreaming();
        }
    }

    @Override
    public void flush() throws IOException {
        if (streaming != null) {
            streaming.flush();
        }
    }

    /** Sends whatever is buffered (with its length, if it never outgrew the buffer) and ends the body. */
    void finish() throws IOException {
        if (streaming == null) {
            exchange.sendResponseHeaders(status, buffer.size() == 0 ? -1 : buffer.size());
            try (OutputStream out = exchange.getResponseBody()) {
                buffer.writeTo(out);
            }
            buffer = null;
        } else {
            streaming.close();
        }
    }

    private void startStreaming() throws IOException {
        exchange.sendResponseHeaders(status, 0); // 0 means chunked
        streaming = new BufferedOutputStream(exchange.getResponseBody(), 64 * 1024);
        buffer.writeTo(streaming);
        buffer = null;
    }
}
