package dev.pipeline.processor.store;

import dev.pipeline.common.net.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.util.FileSystemUtils;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible server for tests: S3Mock's executable jar ({@code com.adobe.testing:s3mock:exec},
 * copied to {@code target/s3mock/s3mock.jar} by the build) run as a process of its own with the Java
 * of this JVM, on a free port ({@link FreePorts}: one that no outgoing connection takes before S3Mock
 * binds it, nor between a {@link #restart} and the next), its objects in a temporary directory, with
 * the buckets it is given.
 * Ready when it answers a bucket listing; stopped (and its directory deleted) by {@link #close}.
 * S3Mock takes any credentials; {@link #client} signs with {@link #ACCESS_KEY}/{@link #SECRET_KEY}.
 * Reusable from other modules through processor-service's test-jar: they set the system property
 * {@code s3mock.jar} to where their build put the jar.
 */
public final class ObjectStoreServer implements AutoCloseable {

    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key";
    public static final String REGION = "us-east-1";

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final Process process;
    private final Path directory;
    private final Path log;
    private final int port;

    private final String[] buckets;

    private ObjectStoreServer(Process process, Path directory, Path log, int port, String[] buckets) {
        this.process = process;
        this.directory = directory;
        this.log = log;
        this.port = port;
        this.buckets = buckets;
    }

    /** Starts S3Mock with these buckets and waits until it answers. */
    public static ObjectStoreServer start(String... buckets) throws IOException, InterruptedException {
        return start(FreePorts.pick(1)[0], buckets);
    }

    /**
     * Stops this one (as {@link #close}) and starts another on the same port with the same buckets,
     * empty: an object store that comes back after an outage, at the endpoint its clients know.
     */
    public ObjectStoreServer restart() throws IOException, InterruptedException {
        close();
        return start(port, buckets);
    }

    private static ObjectStoreServer start(int port, String... buckets) throws IOException, InterruptedException {
        Path jar = jar();
        Path directory = Files.createTempDirectory("s3mock");
        Path log = directory.resolve("s3mock.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar.toString(),
                "--http.port=" + port,
                "--server.port=0", // its https port, unused
                "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off",
                "--com.adobe.testing.s3mock.store.root=" + directory.resolve("root"),
                "--com.adobe.testing.s3mock.store.region=" + REGION,
                "--com.adobe.testing.s3mock.store.initial-buckets=" + String.join(",", buckets)));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        ObjectStoreServer server = new ObjectStoreServer(process, directory, log, port, buckets);
        try {
            server.awaitReady();
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty("s3mock.jar", "target/s3mock/s3mock.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no S3Mock jar at " + jar.toAbsolutePath()
                    + ": the build copies it there (maven-dependency-plugin, copy-s3mock); set -Ds3mock.jar=...");
        }
        return jar;
    }

    private void awaitReady() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        try (HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpRequest listBuckets = HttpRequest.newBuilder(endpoint())
                    .timeout(Duration.ofSeconds(30))
                    .build();
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("S3Mock exited with " + process.exitValue() + ":\n" + logTail());
                }
                try {
                    if (http.send(listBuckets, HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // the port does not answer yet
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(
                            "S3Mock did not answer within " + START_TIMEOUT + ":\n" + logTail());
                }
                Thread.sleep(200);
            }
        }
    }

    /** Its base URL, for {@code pipeline.processor.reports.s3.endpoint} (path-style addressing). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A client of it, path-style, with this server's test credentials; the caller closes it. */
    public S3Client client() {
        return clientOf(endpoint());
    }

    /** A client of whatever answers at that endpoint, as {@link #client} is of this server. */
    public static S3Client clientOf(URI endpoint) {
        return S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.of(REGION))
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Stops it (its port then refuses connections) and deletes its objects. */
    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        FileSystemUtils.deleteRecursively(directory);
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
