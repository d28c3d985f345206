package dev.pipeline.common.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for a process that binds them later: a service, broker or store this JVM
 * starts. They are chosen below the kernel's ephemeral range ({@code
 * /proc/sys/net/ipv4/ip_local_port_range}), because between the pick and the child's bind any
 * outgoing connection on the machine (a Kafka client's, an HTTP client's) may take a port from that
 * range as its local end, and the child then fails with "address already in use". Below the range a
 * port is only ever taken by a listener that asks for it. Where the range cannot be read (not
 * Linux), or leaves too little room below it, the kernel chooses.
 */
public final class FreePorts {

    /** The lowest port chosen: below it are the ports services are usually configured on (8080, 9092...). */
    static final int LOWEST = 10_000;

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int MIN_ROOM = 1_000;
    private static final int TRIES_PER_PORT = 100;

    private FreePorts() {}

    /** Distinct ports, each free when returned. */
    public static int[] pick(int count) {
        return pick(count, ephemeralStart());
    }

    /** As {@link #pick(int)}, with the first ephemeral port given (empty: the kernel chooses). */
    static int[] pick(int count, Optional<Integer> ephemeralStart) {
        Optional<Integer> below = ephemeralStart.filter(start -> start - LOWEST >= MIN_ROOM);
        // Every socket stays open until all are chosen, so the ports are distinct.
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(below.isPresent() ? belowEphemeral(below.get()) : kernelChosen());
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            sockets.forEach(FreePorts::closeQuietly);
        }
    }

    /** Whether something could listen on this loopback port right now. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException ex) {
            return false;
        }
    }

    /** The first port of the kernel's ephemeral range, if this system says. */
    static Optional<Integer> ephemeralStart() {
        try {
            // Not Files.readString: it sizes its read from the file, which procfs says is empty, and
            // returns the first byte only ("3" of "32768\t60999").
            String[] range =
                    Files.readAllLines(EPHEMERAL_RANGE).getFirst().trim().split("\\s+");
            return Optional.of(Integer.parseInt(range[0]));
        } catch (IOException | RuntimeException unknown) {
            return Optional.empty();
        }
    }

    private static ServerSocket belowEphemeral(int ephemeralStart) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        IOException last = null;
        for (int tries = 0; tries < TRIES_PER_PORT; tries++) {
            try {
                return open(random.nextInt(LOWEST, ephemeralStart));
            } catch (IOException taken) {
                last = taken;
            }
        }
        throw new UncheckedIOException(
                "no free port on 127.0.0.1 in " + TRIES_PER_PORT + " tries between " + LOWEST + " and "
                        + ephemeralStart,
                last);
    }

    private static ServerSocket kernelChosen() {
        try {
            return open(0);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot find a free port on 127.0.0.1", ex);
        }
    }

    private static ServerSocket open(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            // Closed at once, the port is bindable again by the child, even if a connection to it lingers.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return socket;
        } catch (IOException ex) {
            socket.close();
            throw ex;
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the port was only borrowed; nothing to undo
        }
    }
}
