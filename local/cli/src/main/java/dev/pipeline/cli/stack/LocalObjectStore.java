package dev.pipeline.cli.stack;

import dev.pipeline.common.net.FreePorts;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An S3-compatible object store in its own JVM (S3Mock's executable jar, which local/cli's build
 * copies; see {@link PipelineHome#objectStoreJar()}), on a free loopback port, its objects under a
 * directory the stack deletes at the end, one bucket ({@value #BUCKET}) made as it starts. Ready
 * once that bucket answers a listing. It checks no signature: any credentials will do, and {@link
 * #clientEnvironment()} gives the processors some for the AWS SDK's default chain.
 */
public final class LocalObjectStore implements AutoCloseable {

    public static final String NAME = "object-store";

    public static final String BUCKET = "pipeline-reports";

    public static final String REGION = "us-east-1";

    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final ServiceCommand command;
    private volatile ServiceProcess process;

    private LocalObjectStore(ServiceCommand command) {
        this.command = command;
    }

    /**
     * The store's command, on a free port, its objects under {@code root}: nothing started yet, so
     * its endpoint is known to what starts beside it ({@link LocalStack}).
     */
    static LocalObjectStore prepare(Path jar, Path root, List<String> jvmOptions) {
        if (!Files.isRegularFile(jar)) {
            throw new PipelineFailure("not built yet: " + jar + "; build with ./pipeline build");
        }
        // S3Mock also serves HTTPS (server.port, 9191 by default): a free port too, never a fixed one.
        int[] ports = FreePorts.pick(2);
        List<String> line = new ArrayList<>(List.of(ChildProcess.javaExecutable(), "-Xmx256m"));
        line.addAll(jvmOptions);
        line.addAll(JvmOptions.quiet());
        line.addAll(List.of(
                "-jar",
                jar.toString(),
                "--http.port=" + ports[0],
                "--server.port=" + ports[1],
                "--server.address=127.0.0.1",
                "--com.adobe.testing.s3mock.store.root=" + root.toAbsolutePath(),
                "--com.adobe.testing.s3mock.store.initial-buckets=" + BUCKET,
                "--com.adobe.testing.s3mock.store.region=" + REGION));
        URI endpoint = URI.create("http://127.0.0.1:" + ports[0] + "/");
        return new LocalObjectStore(new ServiceCommand(
                NAME, line, Map.of(), endpoint, new HealthCheck("/" + BUCKET + "?list-type=2&max-keys=1", false)));
    }

    /**
     * Starts a store by itself (not in a stack) and returns once its bucket answers; {@link #close}
     * stops it. Its objects go under {@code root}, its log to {@code logsDir/object-store.log}.
     */
    public static LocalObjectStore start(Path jar, Path root, Path logsDir) {
        LocalObjectStore store = prepare(jar, root, List.of());
        ChildProcess child = ChildProcess.start(
                NAME, store.command.command(), store.command.environment(), logsDir.resolve(NAME + ".log"));
        store.started(new ServiceProcess(child, store.endpoint(), store.command.health()));
        try {
            Readiness.await(List.of(store.process), READY_TIMEOUT, line -> {});
            return store;
        } catch (RuntimeException ex) {
            store.close();
            throw ex;
        }
    }

    ServiceCommand command() {
        return command;
    }

    void started(ServiceProcess process) {
        this.process = process;
    }

    /** Its S3 endpoint (path-style addressing: {@code <endpoint>/<bucket>/<key>}). */
    public URI endpoint() {
        return command.baseUrl();
    }

    public String bucket() {
        return BUCKET;
    }

    public String region() {
        return REGION;
    }

    /** Credentials and region for the AWS SDK's default chain, for a client of this store. */
    public Map<String, String> clientEnvironment() {
        return Map.of(
                "AWS_ACCESS_KEY_ID", "local-object-store",
                "AWS_SECRET_ACCESS_KEY", "local-object-store",
                "AWS_REGION", REGION);
    }

    /**
     * A processor's arguments that keep its reports in this store's bucket, reached at {@code
     * endpoint}: this store's own, or something in between ({@link ObjectStoreRoute}).
     */
    public List<String> processorArgs(URI endpoint) {
        return List.of(
                "--pipeline.processor.reports.store=s3",
                "--pipeline.processor.reports.s3.bucket=" + BUCKET,
                "--pipeline.processor.reports.s3.endpoint="
                        + endpoint.toString().replaceAll("/$", ""),
                "--pipeline.processor.reports.s3.path-style=true",
                "--pipeline.processor.reports.s3.region=" + REGION);
    }

    /** Stops the store (SIGTERM, then SIGKILL after a grace period). Idempotent. */
    @Override
    public void close() {
        ServiceProcess running = process;
        if (running != null) {
            running.process().stop();
        }
    }
}
