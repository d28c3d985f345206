package dev.pipeline.cli.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node KRaft broker in its own JVM, run from the Kafka server jars that
 * local/kafka-broker resolves, with its data in a fresh directory that is deleted on close.
 */
public final class LocalKafkaBroker implements AutoCloseable {

    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final BrokerConfig config;
    private final String classpath;
    private final Path logsDir;
    private volatile ChildProcess process;
    private int restarts;

    private LocalKafkaBroker(BrokerConfig config, String classpath, Path logsDir, ChildProcess process) {
        this.config = config;
        this.classpath = classpath;
        this.logsDir = logsDir;
        this.process = process;
    }

    /** Formats fresh storage, starts the broker and returns once it answers an AdminClient. */
    public static LocalKafkaBroker start(Path classpathFile, Path runtimeDir, Path logsDir, ProcessScope scope) {
        LocalKafkaBroker broker = launch(classpathFile, runtimeDir, logsDir, scope);
        try {
            broker.awaitReady();
            return broker;
        } catch (RuntimeException ex) {
            broker.close();
            throw ex;
        }
    }

    /**
     * Formats fresh storage and starts the broker without waiting for it: its address is known at
     * once, so what uses it can start while it does; {@link #awaitReady()} waits.
     */
    public static LocalKafkaBroker launch(Path classpathFile, Path runtimeDir, Path logsDir, ProcessScope scope) {
        String classpath = readClasspath(classpathFile);
        int[] ports = FreePorts.pick(2);
        BrokerConfig config = BrokerConfig.create(runtimeDir, ports[0], ports[1]);
        scope.onStop(config::delete);
        ChildProcess process = null;
        try {
            format(config, classpath, logsDir.resolve("kafka-format.log"), scope);
            process = launch(config, classpath, scope, logsDir.resolve("kafka-broker.log"));
            return new LocalKafkaBroker(config, classpath, logsDir, process);
        } catch (RuntimeException ex) {
            new LocalKafkaBroker(config, classpath, logsDir, process).close();
            throw ex;
        }
    }

    private static ChildProcess launch(BrokerConfig config, String classpath, ProcessScope scope, Path log) {
        return scope.launch("kafka-broker", brokerCommand(config, classpath), log);
    }

    private static List<String> brokerCommand(BrokerConfig config, String classpath) {
        return command(
                config,
                classpath,
                List.of("-Xmx512m"),
                List.of("kafka.Kafka", config.serverPropertiesFile().toString()));
    }

    /** Stops the broker (SIGTERM: a clean shutdown) and keeps its data, for {@link #startAgain}. */
    public void stopKeepingData() {
        process.stop();
    }

    /**
     * Starts the broker again on the same ports and data directory; returns once it answers. The
     * new process is stopped by {@link #close}, after everything started after the first one.
     */
    public synchronized void startAgain() {
        restarts++;
        process = ChildProcess.start(
                "kafka-broker", brokerCommand(config, classpath), logsDir.resolve("kafka-broker-" + restarts + ".log"));
        awaitReady(READY_TIMEOUT);
    }

    public String bootstrapServers() {
        return config.bootstrapServers();
    }

    public List<Integer> ports() {
        return List.of(config.port(), config.controllerPort());
    }

    public long pid() {
        return process.pid();
    }

    /** The broker's process now: a new one after {@link #startAgain}. */
    ChildProcess process() {
        return process;
    }

    /** Stops the broker (SIGTERM, then SIGKILL after a grace period) and deletes its data. Idempotent. */
    @Override
    public void close() {
        if (process != null) {
            process.stop();
        }
        config.delete();
    }

    static String readClasspath(Path classpathFile) {
        try {
            return Files.readString(classpathFile).strip();
        } catch (IOException ex) {
            throw new PipelineFailure(
                    "cannot read the Kafka broker's classpath from " + classpathFile
                            + ": build local/kafka-broker first (./pipeline build)",
                    ex);
        }
    }

    private static void format(BrokerConfig config, String classpath, Path log, ProcessScope scope) {
        String clusterId = Uuid.randomUuid().toString();
        ChildProcess tool = scope.launch(
                "kafka-storage-format",
                command(
                        config,
                        classpath,
                        List.of(),
                        List.of(
                                "kafka.tools.StorageTool",
                                "format",
                                "--standalone",
                                "-t",
                                clusterId,
                                "-c",
                                config.serverPropertiesFile().toString())),
                log);
        if (tool.awaitExit(Duration.ofSeconds(60)) != 0) {
            throw tool.exitedEarly();
        }
    }

    private static List<String> command(
            BrokerConfig config, String classpath, List<String> jvmOptions, List<String> main) {
        List<String> command = new ArrayList<>(List.of(
                ChildProcess.javaExecutable(),
                "-Dlog4j2.configurationFile=" + config.log4jFile().toUri()));
        command.addAll(jvmOptions);
        command.addAll(JvmOptions.quiet());
        command.addAll(List.of("-cp", classpath));
        command.addAll(main);
        return command;
    }

    /** Returns once the broker answers an AdminClient; throws if it died or did not within {@link #READY_TIMEOUT}. */
    public void awaitReady() {
        awaitReady(READY_TIMEOUT);
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000))) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw process.exitedEarly();
                }
                if (answers(admin)) {
                    return;
                }
            }
        }
        throw process.failure("was not ready within " + Durations.describe(timeout));
    }

    private static boolean answers(Admin admin) {
        try {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (ExecutionException | TimeoutException ex) {
            pause();
            return false;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new PipelineFailure("interrupted while waiting for the Kafka broker", ex);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
