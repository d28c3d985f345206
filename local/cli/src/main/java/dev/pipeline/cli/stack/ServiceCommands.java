package dev.pipeline.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** The command lines of the three services a local run starts: every flag they get, in one place. */
final class ServiceCommands {

    static final String API_KEY_VARIABLE = "PIPELINE_SECURITY_API_KEY";

    static final String UPSTREAM = "stand-in-upstream";

    /** How long a service's KafkaAdmin waits for the stack's own broker at start-up: as long as the stack does. */
    static final java.time.Duration ADMIN_WAIT = LocalKafkaBroker.READY_TIMEOUT;

    private final PipelineHome home;
    private final StackSettings settings;
    private final String bootstrapServers;
    /**
     * Ends every fetcher's instance id. On a cluster of its own the stack's fetchers are the only
     * ones, and {@code fetcher-1} is name enough; on a given cluster another stack's may be there too
     * (a {@code pipeline up}'s, say), and two fetchers of one id would share transactional ids and
     * fence each other's transactions.
     */
    private final String instanceSuffix;

    private final AotCache aotCache;
    /** Added to the services' JVM options only: {@link JvmOptions#SERVICES_VARIABLE}. */
    private final List<String> serviceOptions;

    private AotCache.PlainLaunch upstreamAot = AotCache.PlainLaunch.NONE;
    /** What follows each service's exit, by name: keeping the workload cache its run recorded, if it records one. */
    private final Map<String, Consumer<ChildProcess>> serviceExits = new ConcurrentHashMap<>();

    ServiceCommands(PipelineHome home, StackSettings settings, String bootstrapServers) {
        this(home, settings, bootstrapServers, new AotCache(home.runtimeDir().resolve("aot"), false));
    }

    /** With the services started from {@code aotCache}'s extracted jars wherever it has their cache. */
    ServiceCommands(PipelineHome home, StackSettings settings, String bootstrapServers, AotCache aotCache) {
        this(
                home,
                settings,
                bootstrapServers,
                aotCache,
                JvmOptions.forServices(System.getenv(JvmOptions.SERVICES_VARIABLE)));
    }

    /** With {@code serviceOptions} added to the services' JVM options (a test's, rather than the environment's). */
    ServiceCommands(
            PipelineHome home,
            StackSettings settings,
            String bootstrapServers,
            AotCache aotCache,
            List<String> serviceOptions) {
        this.serviceOptions = List.copyOf(serviceOptions);
        this.home = home;
        this.settings = settings;
        this.bootstrapServers = bootstrapServers;
        this.aotCache = aotCache;
        this.instanceSuffix =
                settings.startsBroker() ? "" : "-" + HexFormat.of().toHexDigits(new SecureRandom().nextInt());
    }

    /**
     * The stand-in upstream, a plain jar: from its AOT cache, which its first run makes as it
     * exits ({@link AotCache#launchPlain}); {@link #upstreamExited} keeps it.
     */
    ServiceCommand upstream(int port) {
        Path jar = home.upstreamJar().orElseThrow(() -> new PipelineFailure("no runnable stand-in upstream jar"));
        List<String> args = new ArrayList<>(List.of("--port", String.valueOf(port)));
        args.addAll(settings.upstreamArgs());
        upstreamAot = aotCache.launchPlain(UPSTREAM, jar.toString());
        List<String> command = new ArrayList<>(List.of(ChildProcess.javaExecutable()));
        command.addAll(jvmOptions("256m"));
        // A stand-in, never what is measured, in every stack: serving 4,000 pages of 100 products took it
        // 1.45 CPU-s while C2 was compiling it, 0.68 with C1 alone (BENCHMARKS.md, seventh round).
        command.add(JvmOptions.C1_ONLY);
        command.addAll(upstreamAot.options());
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(args);
        return new ServiceCommand(UPSTREAM, command, Map.of(), url(port), HealthCheck.UPSTREAM);
    }

    /** Once the upstream {@link #upstream} started has exited: puts the cache its run made in place. */
    void upstreamExited(ChildProcess process) {
        upstreamAot.afterExit().accept(process);
    }

    /**
     * Keeps the workload cache the run of the service named {@code name} made as it exited, when
     * the stack records them ({@link AotCache#launchRecordingWorkload}); else nothing.
     */
    void serviceExited(String name, ChildProcess process) {
        serviceExits.getOrDefault(name, exited -> {}).accept(process);
    }

    /**
     * Processor number {@code instance} (from 1); all share the output directory unless the
     * settings give each its own ({@link StackSettings#processorOutputDir}). Each keeps its
     * per-run state (RocksDB) in its own {@code workDir}, which the stack deletes at the end.
     */
    ServiceCommand processor(int instance, int port, Path workDir) {
        return processor(instance, port, workDir, Optional.empty());
    }

    /**
     * As {@link #processor(int, int, Path)}, its reports in {@code objectStore} when there is one,
     * reached the way the settings' {@link ObjectStoreRoute} says, with the store's credentials in
     * its environment (the AWS SDK's default chain reads them there).
     */
    ServiceCommand processor(int instance, int port, Path workDir, Optional<LocalObjectStore> objectStore) {
        List<String> args = new ArrayList<>(springArgs(port));
        args.add("--pipeline.processor.output-dir=" + settings.processorOutputDir(instance));
        args.add("--pipeline.processor.work-dir=" + workDir);
        // A killed processor's partitions go to the others after this, as a fetcher's tasks do
        // (its application.yml), rather than after the client's default of 45 s.
        args.add("--spring.kafka.consumer.properties.session.timeout.ms=10000");
        Map<String, String> environment = new LinkedHashMap<>(environment());
        objectStore.ifPresent(store -> {
            URI endpoint = settings.processorSetup().objectStoreRoute().endpointFor(instance, store.endpoint());
            args.addAll(store.processorArgs(endpoint));
            environment.putAll(store.clientEnvironment());
        });
        environment.putAll(settings.processorSetup().environment());
        args.addAll(settings.processorArgs());
        return new ServiceCommand(
                name("processor", instance),
                java(name("processor", instance), home.processorJar(), args),
                environment,
                url(port),
                HealthCheck.ACTUATOR);
    }

    /**
     * Fetcher number {@code instance} (from 1), pointed at the stand-in upstream when one runs, and
     * named {@code fetcher-<instance>} (on a given cluster, with the stack's suffix) in the fetch
     * tasks' events and transactional ids: a restarted instance keeps its name, and so aborts at once
     * what it left open. Its start-up files are written to {@code filesDir} (which the stack deletes
     * at the end) and passed by path.
     */
    ServiceCommand fetcher(int instance, int port, Optional<URI> upstreamUrl, Path filesDir) {
        List<String> args = new ArrayList<>(springArgs(port));
        args.add("--pipeline.tasks.instance-id=fetcher-" + instance + instanceSuffix);
        upstreamUrl.ifPresent(
                url -> args.add("--pipeline.upstream-url=" + url.toString().replaceAll("/$", "")));
        args.addAll(settings.fetcherArgs());
        settings.fetcherFiles()
                .forEach((property, content) ->
                        args.add("--" + property + "=" + write(filesDir.resolve(property + ".json"), content)));
        return new ServiceCommand(
                name("fetcher", instance),
                java(name("fetcher", instance), home.fetcherJar(), args),
                environment(),
                url(port),
                HealthCheck.ACTUATOR);
    }

    /** The first instance keeps the plain name (and log file name); the others are numbered. */
    private static String name(String service, int instance) {
        return instance == 1 ? service : service + "-" + instance;
    }

    /** The service an instance's {@link #name} is one of: {@code processor} for {@code processor-2}. */
    static String service(String name) {
        return name.replaceFirst("-\\d+$", "");
    }

    private static Path write(Path file, String content) {
        try {
            return Files.writeString(file, content);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }

    /**
     * A service's AOT cache training run (see {@link AotCache}): its own JVM options and the
     * application's arguments, on no port of its own and with no Kafka (a closed port, and no
     * topics created), its files in {@code workDir}. The context exits once refreshed, before any
     * listener starts.
     */
    record Training(String name, Path jar, List<String> jvmOptions, List<String> appArgs) {}

    /** The training runs of the services whose jars have no AOT cache yet (none before JDK 25). */
    List<Training> trainings(Path workDir) {
        List<String> common = List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.kafka.bootstrap-servers=127.0.0.1:9",
                "--spring.kafka.admin.auto-create=false");
        List<Training> trainings = new ArrayList<>();
        if (aotCache.needsTraining(home.processorJar())) {
            List<String> args = new ArrayList<>(common);
            args.add("--pipeline.processor.output-dir=" + workDir.resolve("processor-output"));
            args.add("--pipeline.processor.work-dir=" + workDir.resolve("processor-work"));
            trainings.add(new Training("processor", home.processorJar(), jvmOptions("256m"), args));
        }
        if (aotCache.needsTraining(home.fetcherJar())) {
            List<String> args = new ArrayList<>(common);
            args.add("--pipeline.tasks.instance-id=aot-training");
            trainings.add(new Training("fetcher", home.fetcherJar(), jvmOptions("256m"), args));
        }
        return trainings;
    }

    /**
     * Loopback only: what a local run starts is for this machine, with or without an API key.
     * Topic creation at start-up fails the service rather than being logged and skipped
     * ({@code fail-fast}): a topic left uncreated would only show later, as a run that never ends.
     * When the stack starts its own broker, the services start while it does, so their KafkaAdmin
     * waits for it as long as the stack does ({@link #ADMIN_WAIT}) rather than 30 s, and so does
     * the admin client under it (its default API timeout; the services' other admin clients,
     * made from the same properties, then wait that long for the stack's broker too).
     */
    private List<String> springArgs(int port) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--spring.kafka.bootstrap-servers=" + bootstrapServers,
                "--spring.kafka.admin.fail-fast=true"));
        if (settings.startsBroker()) {
            args.add("--spring.kafka.admin.operation-timeout=" + ADMIN_WAIT.toSeconds() + "s");
            args.add("--spring.kafka.admin.properties.default.api.timeout.ms=" + ADMIN_WAIT.toMillis());
        }
        return args;
    }

    /**
     * The stack's API key, or none ({@code ""}), in the variable the services read: set either way,
     * so that a key in this process's environment reaches them only through {@code --api-key} or its
     * default, and the CLI always knows the key they require.
     */
    private Map<String, String> environment() {
        return Map.of(API_KEY_VARIABLE, settings.apiKey());
    }

    private List<String> java(String name, Path jar, List<String> args) {
        List<String> command = new ArrayList<>(List.of(ChildProcess.javaExecutable()));
        command.addAll(jvmOptions("256m"));
        // not in the training's options: the cache it makes serves both
        command.addAll(settings.shortRunJvmOptions());
        // after the stack's own, so that a flag given there wins over one of the same name
        command.addAll(serviceOptions);
        if (aotCache.recordsWorkload()) {
            AotCache.PlainLaunch launch = aotCache.launchRecordingWorkload(jar);
            serviceExits.put(name, launch.afterExit());
            command.addAll(launch.options());
        } else {
            command.addAll(aotCache.launch(jar));
        }
        command.addAll(args);
        return command;
    }

    /**
     * The same for a service's run and its start-up cache's training: an AOT cache is only used under
     * the options it was made with. The {@link JvmOptions#SERVICES_VARIABLE}'s are not in the
     * training's, so that a mistyped one fails the run, where it shows, rather than leaving the jar
     * marked as one whose training failed; a run under options its cache does not fit starts
     * without it (the JVM checks the cache's options as it starts).
     */
    private static List<String> jvmOptions(String maxHeap) {
        List<String> options = new ArrayList<>(List.of("-Xmx" + maxHeap));
        options.addAll(JvmOptions.quiet());
        return options;
    }

    private static URI url(int port) {
        return URI.create("http://127.0.0.1:" + port + "/");
    }
}
