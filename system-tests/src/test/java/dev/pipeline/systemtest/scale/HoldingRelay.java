package dev.pipeline.systemtest.scale;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on a free loopback port in front of one HTTP server, that can hold a request: once
 * told to {@link #hold} the requests that begin with some text (e.g. {@code PUT
 * /bucket/<runId>.json}, a report's upload), it forwards nothing of such a request from its first
 * byte on, until the test {@link #release}s it (the server gets it whole, late) or {@link #drop}s it
 * (the server gets none of it). What a test then knows: the client is in the middle of that request,
 * right now, and the server has not seen it.
 *
 * <p>It looks at the bytes, not at HTTP's framing: the text is searched for anywhere in what the
 * client sends (a body that held a request line to the same object would be taken for one), and
 * bytes that could be the start of it are kept back until the next read says whether they are.
 * Good enough for a test's own, specific text; not a proxy.
 */
final class HoldingRelay implements AutoCloseable {

    private final InetSocketAddress target;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Connection> held = new ArrayList<>();
    private volatile byte[] watched;
    private boolean holding;
    private int matches;
    private volatile boolean closed;

    HoldingRelay(URI target) {
        this.target = new InetSocketAddress(target.getHost(), target.getPort());
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        Thread.ofVirtual().name("relay-accept-" + server.getLocalPort()).start(this::accept);
    }

    /** Where clients connect instead of the target: {@code http://127.0.0.1:<port>/}. */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
    }

    /** From now on, holds every request that begins with {@code requestStart} (and counts it). */
    synchronized void hold(String requestStart) {
        watched = requestStart.getBytes(StandardCharsets.US_ASCII);
        holding = true;
        matches = 0;
    }

    /** Whether a request is held, waiting up to {@code timeout} for one. */
    synchronized boolean awaitHeld(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (held.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** How many requests began with the watched text since {@link #hold}: held, released, dropped or let through. */
    synchronized int matches() {
        return matches;
    }

    synchronized boolean isHolding() {
        return !held.isEmpty();
    }

    /** Holds nothing more (matches are still counted) and forwards what it held, whole. */
    void release() {
        List<Connection> waiting = stopHolding();
        for (Connection connection : waiting) {
            connection.release();
        }
    }

    /**
     * Holds nothing more (matches are still counted) and closes the connections it held a request
     * of, both ways, without forwarding a byte of it: the server never sees that request.
     */
    void drop() {
        List<Connection> waiting = stopHolding();
        for (Connection connection : waiting) {
            connection.close();
        }
    }

    private synchronized List<Connection> stopHolding() {
        holding = false;
        List<Connection> waiting = List.copyOf(held);
        held.clear();
        return waiting;
    }

    /** A match in {@code connection}'s stream: whether to hold it. */
    private synchronized boolean matched(Connection connection) {
        matches++;
        if (holding) {
            held.add(connection);
            notifyAll();
        }
        return holding;
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        sockets.forEach(HoldingRelay::closeQuietly);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                sockets.add(client);
                sockets.add(upstream);
                try {
                    upstream.connect(target, 5_000);
                } catch (IOException ex) {
                    closeQuietly(client);
                    closeQuietly(upstream);
                    continue;
                }
                Connection connection = new Connection(client, upstream);
                Thread.ofVirtual().start(connection::pumpRequests);
                Thread.ofVirtual().start(connection::pumpResponses);
            } catch (IOException ex) {
                if (!closed) {
                    throw new UncheckedIOException(ex);
                }
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }

    /** One client connection and its own connection to the target. */
    private final class Connection {

        private final Socket client;
        private final Socket upstream;
        /** What the client sent that is not forwarded yet: a held request, or a possible start of one. */
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        private boolean held;
        private boolean ended;

        Connection(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void pumpRequests() {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = client.getInputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    synchronized (this) {
                        pending.write(buffer, 0, n);
                        forward(false);
                    }
                }
                synchronized (this) {
                    ended = true;
                    if (!held) {
                        forward(true);
                        upstream.shutdownOutput();
                    }
                }
            } catch (IOException ex) {
                close();
            }
        }

        void pumpResponses() {
            try (InputStream in = upstream.getInputStream()) {
                OutputStream out = client.getOutputStream();
                in.transferTo(out);
                client.shutdownOutput();
            } catch (IOException ex) {
                close();
            }
        }

        /**
         * Forwards what is pending up to the next match (which it holds, when the relay holds), and
         * keeps back a tail that could begin one, unless the client has ended ({@code all}).
         */
        private void forward(boolean all) throws IOException {
            while (!held) {
                byte[] data = pending.toByteArray();
                byte[] text = watched;
                int match = text == null ? -1 : indexOf(data, text);
                if (match < 0) {
                    int keep = all || text == null ? 0 : possibleStart(data, text);
                    send(data, data.length - keep);
                    return;
                }
                send(data, match);
                if (matched(this)) {
                    held = true;
                    return;
                }
                send(pending.toByteArray(), text.length);
            }
        }

        /** Sends the first {@code count} bytes of {@code data} (what is pending) and keeps the rest pending. */
        private void send(byte[] data, int count) throws IOException {
            upstream.getOutputStream().write(data, 0, count);
            upstream.getOutputStream().flush();
            pending.reset();
            pending.write(data, count, data.length - count);
        }

        synchronized void release() {
            try {
                held = false;
                send(pending.toByteArray(), watched.length);
                forward(ended);
                if (ended && !held) {
                    upstream.shutdownOutput();
                }
            } catch (IOException ex) {
                close();
            }
        }

        void close() {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    static int indexOf(byte[] data, byte[] text) {
        outer:
        for (int i = 0; i <= data.length - text.length; i++) {
            for (int j = 0; j < text.length; j++) {
                if (data[i + j] != text[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The length of the longest end of {@code data} that is a proper beginning of {@code text}. */
    static int possibleStart(byte[] data, byte[] text) {
        for (int length = Math.min(data.length, text.length - 1); length > 0; length--) {
            if (Arrays.equals(data, data.length - length, data.length, text, 0, length)) {
                return length;
            }
        }
        return 0;
    }
}
