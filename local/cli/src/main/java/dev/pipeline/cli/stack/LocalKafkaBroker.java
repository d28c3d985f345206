package dev.pipeline.cli.stack;

import dev.pipeline.common.net.FreePorts;
import java.io.File;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A real single-node KRaft broker in its own JVM, run from the Kafka server jars that
 * local/kafka-broker resolves, with its data in a fresh directory that is deleted on close.
 */
public final class LocalKafkaBroker implements AutoCloseable {

    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    /** local/kafka-broker's own jar, beside its {@code classpath.txt}: {@link #FORMAT_THEN_RUN}. */
    public static final String LAUNCHER_JAR = "kafka-broker-launcher.jar";

    /**
     * Formats the storage and runs the broker in one JVM: a format tool's JVM of its own before the
     * broker's took 2 s of a local run's start, and loaded Kafka's classes once more.
     */
    static final String FORMAT_THEN_RUN = "dev.pipeline.broker.FormatThenRun";

    private final BrokerConfig config;
    private final String classpath;
    private final Path logsDir;
    private final AotCache aotCache;
    /** The broker's heap, and any options the stack adds (see {@link StackSettings#shortRun}). */
    private final List<String> jvmOptions = new ArrayList<>(List.of("-Xmx512m"));

    private volatile ChildProcess process;

    private volatile AotCache.PlainLaunch launched = AotCache.PlainLaunch.NONE;
    private int restarts;

    private LocalKafkaBroker(BrokerConfig config, String classpath, Path logsDir, AotCache aotCache) {
        this.config = config;
        this.classpath = classpath;
        this.logsDir = logsDir;
        this.aotCache = aotCache;
    }

    /** Formats fresh storage, starts the broker and returns once it answers an AdminClient. */
    public static LocalKafkaBroker start(Path classpathFile, Path runtimeDir, Path logsDir, ProcessScope scope) {
        return start(classpathFile, runtimeDir, logsDir, scope, new AotCache(runtimeDir.resolve("aot"), false));
    }

    static LocalKafkaBroker start(
            Path classpathFile, Path runtimeDir, Path logsDir, ProcessScope scope, AotCache aotCache) {
        LocalKafkaBroker broker = launch(classpathFile, runtimeDir, logsDir, scope, aotCache);
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
     * once, so what uses it can start while it does; {@link #awaitReady()} waits. No AOT cache.
     */
    public static LocalKafkaBroker launch(Path classpathFile, Path runtimeDir, Path logsDir, ProcessScope scope) {
        return launch(classpathFile, runtimeDir, logsDir, scope, new AotCache(runtimeDir.resolve("aot"), false));
    }

    /**
     * As {@link #launch(Path, Path, Path, ProcessScope)}, the broker (its storage format included)
     * started from {@code aotCache} where it has its cache (the first run on a class path makes it).
     */
    static LocalKafkaBroker launch(
            Path classpathFile, Path runtimeDir, Path logsDir, ProcessScope scope, AotCache aotCache) {
        LocalKafkaBroker broker = prepare(classpathFile, runtimeDir, logsDir, scope, aotCache);
        try {
            broker.formatAndLaunch(scope);
            return broker;
        } catch (RuntimeException ex) {
            broker.close();
            throw ex;
        }
    }

    /**
     * The broker's ports and files, nothing started yet: its address is known, so what uses it can
     * be started first, and {@link #formatAndLaunch} then starts it while they do. {@link #close}
     * stops and deletes whatever was started.
     */
    static LocalKafkaBroker prepare(
            Path classpathFile, Path runtimeDir, Path logsDir, ProcessScope scope, AotCache aotCache) {
        return prepare(classpathFile, runtimeDir, logsDir, scope, aotCache, List.of(), List.of());
    }

    /**
     * As {@link #prepare(Path, Path, Path, ProcessScope, AotCache)}, the broker's JVM given {@code
     * jvmOptions} too, and its server.properties {@code properties} ({@code key=value}).
     */
    static LocalKafkaBroker prepare(
            Path classpathFile,
            Path runtimeDir,
            Path logsDir,
            ProcessScope scope,
            AotCache aotCache,
            List<String> jvmOptions,
            List<String> properties) {
        String classpath = readClasspath(classpathFile);
        int[] ports = FreePorts.pick(2);
        BrokerConfig config = BrokerConfig.create(runtimeDir, ports[0], ports[1], properties);
        scope.onStop(config::delete);
        LocalKafkaBroker broker = new LocalKafkaBroker(config, classpath, logsDir, aotCache);
        broker.jvmOptions.addAll(jvmOptions);
        return broker;
    }

    /**
     * Starts the broker prepared by {@link #prepare}, without waiting for it to be ready: one JVM
     * that formats fresh storage with Kafka's own storage tool, then runs the broker on it
     * ({@link #FORMAT_THEN_RUN}; a format that fails ends it, with the tool's message in its log).
     * {@link #close} stops it.
     */
    void formatAndLaunch(ProcessScope scope) {
        String clusterId = Uuid.randomUuid().toString();
        process = launch(
                scope,
                logsDir.resolve("kafka-broker.log"),
                List.of(
                        FORMAT_THEN_RUN,
                        clusterId,
                        config.serverPropertiesFile().toString()));
    }

    private ChildProcess launch(ProcessScope scope, Path log, List<String> main) {
        launched = aotCache.launchPlain("kafka-broker", classpath);
        return scope.launch("kafka-broker", command(config, classpath, launched.options(), jvmOptions, main), log);
    }

    /** Stops the broker (SIGTERM: a clean shutdown) and keeps its data, for {@link #startAgain}. */
    public void stopKeepingData() {
        stopProcess();
    }

    /** Stops the process, then keeps the AOT cache it made as it exited, if it was the training run. */
    private void stopProcess() {
        ChildProcess stopped = process;
        stopped.stop();
        launched.afterExit().accept(stopped);
        launched = AotCache.PlainLaunch.NONE;
    }

    /**
     * Starts the broker again on the same ports and data directory; returns once it answers. The
     * new process is stopped by {@link #close}, after everything started after the first one.
     */
    public synchronized void startAgain() {
        restarts++;
        process = launch(
                ProcessScope.NONE,
                logsDir.resolve("kafka-broker-" + restarts + ".log"),
                List.of("kafka.Kafka", config.serverPropertiesFile().toString()));
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

    /** The AOT cache options the broker's process now was started with. */
    List<String> aotOptions() {
        return launched.options();
    }

    /** The broker's process now: a new one after {@link #startAgain}. */
    ChildProcess process() {
        return process;
    }

    /** Stops the broker (SIGTERM, then SIGKILL after a grace period) and deletes its data. Idempotent. */
    @Override
    public void close() {
        if (process != null) {
            stopProcess();
        }
        config.delete();
    }

    /**
     * Kafka's server jars, as {@code classpathFile} lists them, after the launcher jar beside it
     * ({@link #FORMAT_THEN_RUN}'s).
     */
    static String readClasspath(Path classpathFile) {
        Path launcher = classpathFile.resolveSibling(LAUNCHER_JAR);
        if (!Files.isRegularFile(launcher)) {
            throw new PipelineFailure("no " + launcher + ": build local/kafka-broker first (./pipeline build)");
        }
        try {
            return launcher
                    + File.pathSeparator
                    + Files.readString(classpathFile).strip();
        } catch (IOException ex) {
            throw new PipelineFailure(
                    "cannot read the Kafka broker's classpath from " + classpathFile
                            + ": build local/kafka-broker first (./pipeline build)",
                    ex);
        }
    }

    private static List<String> command(
            BrokerConfig config,
            String classpath,
            List<String> aotOptions,
            List<String> jvmOptions,
            List<String> main) {
        List<String> command = new ArrayList<>(List.of(ChildProcess.javaExecutable()));
        command.addAll(aotOptions);
        command.add("-Dlog4j2.configurationFile=" + config.log4jFile().toUri());
        command.addAll(jvmOptions);
        command.addAll(JvmOptions.quiet());
        command.addAll(List.of("-cp", classpath));
        command.addAll(main);
        return command;
    }

    /**
     * Returns once the broker answers an AdminClient and has its transaction log; throws if it died
     * or was not ready within {@link #READY_TIMEOUT}.
     */
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
                    createTransactionLog(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                    return;
                }
            }
        }
        throw process.failure("was not ready within " + Durations.describe(timeout));
    }

    /**
     * Kafka creates its transaction log ({@code __transaction_state}) when the first transactional
     * producer asks for its coordinator, and that producer then waits about a second for it (1.09 s
     * against 0.13 s for the next, here). Made here, while the services start, that second is not
     * the first run's: every run publishes in transactions. A throwaway transactional id does it; a
     * fresh broker's data is deleted with it.
     */
    private void createTransactionLog(Duration timeout) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "pipeline-local-broker-ready",
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.max(1, timeout.toMillis())),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
        } catch (KafkaException ex) {
            if (!process.isAlive()) {
                throw process.exitedEarly();
            }
            throw process.failure("had no transaction coordinator: " + ex.getMessage());
        }
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
