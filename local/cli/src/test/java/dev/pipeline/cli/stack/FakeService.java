package dev.pipeline.cli.stack;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;

/**
 * Stands in for a service process in tests of the process handling: it either serves a health
 * endpoint until it is stopped, or fails at once like a service with a broken configuration.
 * Its mode comes from {@code -Dfake.mode} or from the {@code Fake-Mode} attribute of its jar.
 */
public final class FakeService {

    public static final String FAILURE_LINE = "APPLICATION FAILED TO START: fake misconfiguration";

    private FakeService() {}

    public static void main(String[] args) throws Exception {
        String mode = System.getProperty("fake.mode", modeFromJar());
        System.out.println("fake service starting with " + List.of(args));
        // What a service would require of mutating requests; a fake may print the key, a real service never does.
        String apiKey = System.getenv("PIPELINE_SECURITY_API_KEY");
        System.out.println("fake service api key: " + (apiKey == null || apiKey.isEmpty() ? "(none)" : apiKey));
        // Not a secret for the local object store: its client's id, to show which one a processor was given.
        System.out.println("fake service aws access key id: " + System.getenv("AWS_ACCESS_KEY_ID"));
        if ("exit".equals(mode)) {
            System.out.println(FAILURE_LINE);
            System.exit(3);
        }
        serveHealth(port(args));
    }

    private static void serveHealth(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.out.println("fake service listening on " + port);
    }

    /**
     * Accepts the stand-in upstream's {@code --port N}, Spring's {@code --server.port=N} and the
     * object store's {@code --http.port=N} (its {@code server.port} is its HTTPS port, unused here).
     */
    private static int port(String[] args) {
        for (String arg : args) {
            if (arg.startsWith("--http.port=")) {
                return Integer.parseInt(arg.substring("--http.port=".length()));
            }
        }
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) {
                return Integer.parseInt(args[i + 1]);
            }
            if (args[i].startsWith("--server.port=")) {
                return Integer.parseInt(args[i].substring("--server.port=".length()));
            }
        }
        throw new IllegalArgumentException("no port in " + List.of(args));
    }

    private static String modeFromJar() throws IOException {
        Path location = Path.of(FakeService.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .getPath());
        if (!location.toString().endsWith(".jar")) {
            return "serve";
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            String mode = jar.getManifest().getMainAttributes().getValue("Fake-Mode");
            return mode == null ? "serve" : mode;
        }
    }
}
