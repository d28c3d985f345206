package dev.pipeline.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Free loopback ports, so a local run never collides with whatever else listens on this machine. */
public final class FreePorts {

    private FreePorts() {}

    /** Holds all sockets open until every port is chosen, so the ports are distinct. */
    public static int[] pick(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                socket.setReuseAddress(true);
                sockets.add(socket);
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot find a free port on 127.0.0.1", ex);
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

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the port was only borrowed; nothing to undo
        }
    }
}
