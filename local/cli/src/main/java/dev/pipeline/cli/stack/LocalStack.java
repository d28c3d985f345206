package dev.pipeline.cli.stack;

import dev.pipeline.common.net.FreePorts;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Everything a local run needs, each in its own process: a Kafka broker (unless a cluster is
 * given), the stand-in upstream, an object store for the reports when asked for ({@link
 * StackSettings#withObjectStore()}), the processors and the fetchers (one of each unless more are
 * asked for). Started all at once (the services do not wait for the broker to be ready first;
 * the broker is formatted and started just after they are launched), stopped in reverse order
 * of that list, on close and on Ctrl-C alike. Once
 * started, an instance that dies while another of its service lives is reported and survived
 * ({@link DeathWatch}).
 */
public final class LocalStack implements ServiceGuard, AutoCloseable {

    static final Duration HEALTHY_TIMEOUT = Duration.ofSeconds(120);

    private final Consumer<String> say;
    private final Consumer<String> warn;
    private final DeathWatch deaths = new DeathWatch();
    private final Deque<Runnable> running = new ArrayDeque<>();
    private final Thread shutdownHook = new Thread(this::close, "pipeline-stop");
    private volatile boolean stopping;
    private boolean closed;
    private String bootstrapServers;
    private LocalKafkaBroker broker;
    private final List<ServiceProcess> processors = new ArrayList<>();
    private final List<ServiceCommand> processorCommands = new ArrayList<>();
    private LocalObjectStore objectStore;
    private final List<ServiceCommand> fetcherCommands = new ArrayList<>();
    private final List<ServiceProcess> fetchers = new ArrayList<>();
    private volatile List<ServiceProcess> services = List.of();
    private PipelineHome home;

    private LocalStack(Consumer<String> say, Consumer<String> warn) {
        this.say = say;
        this.warn = warn;
    }

    /** Starts everything and returns once all services are healthy; on any failure stops what did start. */
    public static LocalStack start(PipelineHome home, StackSettings settings, Consumer<String> say) {
        return start(home, settings, say, say);
    }

    /**
     * As {@link #start(PipelineHome, StackSettings, Consumer)}, with the lines that say an instance
     * died and the stack carries on without it going to {@code warn} rather than {@code say}: a
     * death is not progress, and may need to be seen where progress is not.
     */
    public static LocalStack start(
            PipelineHome home, StackSettings settings, Consumer<String> say, Consumer<String> warn) {
        home.requireArtifacts(settings.startsBroker(), settings.startsUpstream());
        LocalStack stack = new LocalStack(say, warn);
        Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
        try {
            stack.startAll(home, settings);
            return stack;
        } catch (RuntimeException ex) {
            boolean stoppedFromOutside = stack.isStopping();
            stack.close();
            throw stoppedFromOutside ? new StoppedByUser() : ex;
        }
    }

    /**
     * The broker's address is chosen first, but it is formatted and started only once the services
     * are launched, and not waited for: the services start while it does (their topic creation
     * waits for it, and fails them rather than being skipped; see {@link ServiceCommands}), each
     * from its AOT cache where the JDK has one ({@link AotCache}; made first, once per built jar).
     * The broker (which formats its storage in the same JVM first) starts from its own, which its
     * first run on a class path makes as it exits. An object store, when asked for, is launched before all that and waited
     * for before the processors start: each checks its bucket once, as it starts.
     */
    private void startAll(PipelineHome pipelineHome, StackSettings settings) {
        home = pipelineHome;
        long brokerStarted = System.nanoTime();
        AotCache aotCache = AotCache.in(home.runtimeDir());
        bootstrapServers =
                settings.startsBroker() ? prepareBroker(home, aotCache, settings) : settings.bootstrapServers();
        ServiceCommands commands = new ServiceCommands(home, settings, bootstrapServers, aotCache);
        List<ServiceProcess> started = new ArrayList<>();
        Optional<ServiceProcess> store =
                settings.processorSetup().objectStore() ? Optional.of(launchObjectStore(settings)) : Optional.empty();
        store.ifPresent(started::add);
        trainAotCaches(aotCache, commands);
        int[] ports = FreePorts.pick(1 + settings.processors() + settings.fetchers());
        long launched = System.nanoTime();
        Optional<URI> upstreamUrl = Optional.empty();
        if (settings.startsUpstream()) {
            ServiceCommand command = commands.upstream(ports[0]);
            AtomicReference<ChildProcess> exited = new AtomicReference<>();
            // registered first, so it runs once the process has stopped
            onStop(() -> Optional.ofNullable(exited.get()).ifPresent(commands::upstreamExited));
            ServiceProcess upstream = launch(command, home);
            exited.set(upstream.process());
            started.add(upstream);
            upstreamUrl = Optional.of(upstream.baseUrl());
        }
        // A processor checks its bucket as it starts, once: the store must answer by then.
        store.ifPresent(s -> Readiness.await(List.of(s), LocalObjectStore.READY_TIMEOUT, say, brokerStarted));
        for (int i = 1; i <= settings.processors(); i++) {
            processorCommands.add(
                    commands.processor(i, ports[i], scratch(home, "processor-"), Optional.ofNullable(objectStore)));
            processors.add(launchService(processorCommands.getLast(), commands));
        }
        for (int i = 1; i <= settings.fetchers(); i++) {
            fetcherCommands.add(
                    commands.fetcher(i, ports[settings.processors() + i], upstreamUrl, scratch(home, "fetcher-")));
            fetchers.add(launchService(fetcherCommands.getLast(), commands));
        }
        started.addAll(processors);
        started.addAll(fetchers);
        services = List.copyOf(started);
        if (broker != null) {
            broker.formatAndLaunch(brokerScope());
            broker.awaitReady();
            say.accept("kafka broker ready at %s (%.1f s)"
                    .formatted(broker.bootstrapServers(), (System.nanoTime() - brokerStarted) / 1e9));
        }
        // the store was waited for already, and said so
        Readiness.await(
                services.stream()
                        .filter(s -> store.isEmpty() || s != store.get())
                        .toList(),
                HEALTHY_TIMEOUT,
                say,
                launched);
    }

    /**
     * A fetcher or processor, with what follows its exit registered first (so that it runs once the
     * process has stopped): keeping a workload cache it recorded ({@link ServiceCommands#serviceExited}).
     */
    private ServiceProcess launchService(ServiceCommand command, ServiceCommands commands) {
        AtomicReference<ChildProcess> exited = new AtomicReference<>();
        onStop(() -> Optional.ofNullable(exited.get()).ifPresent(p -> commands.serviceExited(command.name(), p)));
        ServiceProcess service = launch(command, home);
        exited.set(service.process());
        return service;
    }

    /**
     * The object store, launched first (it starts while the start-up caches are made, and stops
     * after the processors, which may be writing a report), not waited for here.
     */
    private ServiceProcess launchObjectStore(StackSettings settings) {
        objectStore = LocalObjectStore.prepare(
                home.objectStoreJar(), scratch(home, "object-store-"), settings.shortRunJvmOptions());
        ServiceProcess store = launch(objectStore.command(), home);
        objectStore.started(store);
        return store;
    }

    /**
     * Makes the AOT caches the services lack (the first run after a build, on JDK 25+), all at
     * once; a failed one is said and the service starts from its jar, as before.
     */
    private void trainAotCaches(AotCache aotCache, ServiceCommands commands) {
        Path workDir = scratch(home, "aot-training-");
        List<ServiceCommands.Training> trainings = commands.trainings(workDir);
        if (trainings.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        say.accept("making the services' start-up caches (once per build): "
                + trainings.stream().map(ServiceCommands.Training::name).toList());
        List<Thread> threads = new ArrayList<>();
        for (ServiceCommands.Training training : trainings) {
            Path log = home.logsDir().resolve("aot-cache-" + training.name() + ".log");
            threads.add(Thread.ofPlatform().name("aot-" + training.name()).start(() -> {
                if (!aotCache.train(training.jar(), training.jvmOptions(), training.appArgs(), log)) {
                    warn.accept("no start-up cache for " + training.name() + " (it starts from its jar); see " + log);
                }
            }));
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new PipelineFailure("interrupted while making the start-up caches", ex);
            }
        }
        say.accept("start-up caches made (%.1f s)".formatted((System.nanoTime() - started) / 1e9));
    }

    /** The system property under which a stack records its services' workload caches: see {@link #lacksWorkloadCaches}. */
    public static final String RECORD_WORKLOAD_CACHES = AotCache.RECORD_WORKLOAD_PROPERTY;

    /**
     * True when a service jar of {@code home} has its start-up cache but no workload cache yet
     * ({@link AotCache#launchRecordingWorkload}): a stack started with the system property
     * {@value AotCache#RECORD_WORKLOAD_PROPERTY} set to {@code true} records them, each as its
     * service exits.
     */
    public static boolean lacksWorkloadCaches(PipelineHome home) {
        AotCache aotCache = AotCache.in(home.runtimeDir());
        return aotCache.lacksWorkloadCache(home.fetcherJar()) || aotCache.lacksWorkloadCache(home.processorJar());
    }

    /**
     * The JVM options a stack started from this process's environment adds to the fetcher's and
     * processor's own ({@value JvmOptions#SERVICES_VARIABLE}): none unless that is set. For a
     * benchmark's header, so that its figures say what they were measured with.
     */
    public static List<String> serviceJvmOptions() {
        return JvmOptions.forServices(System.getenv(JvmOptions.SERVICES_VARIABLE));
    }

    /** {@code kill -9} of fetcher number {@code instance} (from 1), as a crash would end it. */
    public void killFetcher(int instance) {
        fetchers.get(instance - 1).process().kill();
    }

    /** {@code kill -9} of processor number {@code instance} (from 1). */
    public void killProcessor(int instance) {
        processors.get(instance - 1).process().kill();
    }

    /** Starts fetcher number {@code instance} again, with the same name and settings; returns once it is healthy. */
    public void restartFetcher(int instance) {
        restart(fetchers, fetcherCommands.get(instance - 1), instance);
    }

    /**
     * Starts processor number {@code instance} again, with the same name, port, settings and work
     * directory (which it wipes as it starts); returns once it is healthy.
     */
    public void restartProcessor(int instance) {
        restart(processors, processorCommands.get(instance - 1), instance);
    }

    private void restart(List<ServiceProcess> instances, ServiceCommand command, int instance) {
        ChildProcess process = launch(
                command.name(),
                command.command(),
                command.environment(),
                home.logsDir().resolve(command.name() + "-restarted.log"));
        ServiceProcess restarted = new ServiceProcess(process, command.baseUrl(), command.health());
        synchronized (this) {
            ServiceProcess before = instances.set(instance - 1, restarted);
            services = services.stream().map(s -> s == before ? restarted : s).toList();
        }
        Readiness.await(List.of(restarted), HEALTHY_TIMEOUT, say);
    }

    /** The object store this stack started ({@link StackSettings#withObjectStore()}); empty without one. */
    public Optional<LocalObjectStore> objectStore() {
        return Optional.ofNullable(objectStore);
    }

    /** The broker this stack started, to stop and start again; empty when it uses a given cluster. */
    public Optional<LocalKafkaBroker> broker() {
        return Optional.ofNullable(broker);
    }

    /** A directory for one service's files (owner-only), deleted when the stack stops. */
    private Path scratch(PipelineHome home, String prefix) {
        Path dir = ScratchDirectory.create(home.runtimeDir(), prefix);
        onStop(() -> ScratchDirectory.delete(dir));
        return dir;
    }

    /**
     * The broker's ports and files, its stop registered before anything else starts (so it stops
     * after the services, which need it to stop cleanly); it is formatted and started once the
     * services are launched ({@link #brokerScope}): the services need the broker only seconds into
     * their start.
     */
    private String prepareBroker(PipelineHome home, AotCache aotCache, StackSettings settings) {
        ProcessScope scope = new ProcessScope() {

            @Override
            public ChildProcess launch(String name, List<String> command, Path log) {
                return LocalStack.this.launch(name, command, log);
            }

            @Override
            public void onStop(Runnable cleanup) {
                LocalStack.this.onStop(cleanup);
            }
        };
        broker = LocalKafkaBroker.prepare(
                home.brokerClasspath(),
                home.runtimeDir(),
                home.logsDir(),
                scope,
                aotCache,
                settings.shortRunJvmOptions(),
                settings.shortRun() ? BrokerConfig.SMALL_INTERNAL_LOGS : List.of());
        onStop(broker::close);
        return broker.bootstrapServers();
    }

    /**
     * Where the prepared broker's process starts: under the stack's lock (a stop
     * already begun fails the start), stopped not from the stack's list but by the broker's own
     * close, which was registered before the services so that it runs after they have stopped.
     */
    private ProcessScope brokerScope() {
        return new ProcessScope() {

            @Override
            public ChildProcess launch(String name, List<String> command, Path log) {
                synchronized (LocalStack.this) {
                    if (closed) {
                        throw new PipelineFailure("stopped before " + name + " could start");
                    }
                    return ChildProcess.start(name, command, Map.of(), log);
                }
            }

            @Override
            public void onStop(Runnable cleanup) {
                LocalStack.this.onStop(cleanup);
            }
        };
    }

    private ServiceProcess launch(ServiceCommand command, PipelineHome home) {
        ChildProcess process = launch(
                command.name(),
                command.command(),
                command.environment(),
                home.logsDir().resolve(command.name() + ".log"));
        return new ServiceProcess(process, command.baseUrl(), command.health());
    }

    private ChildProcess launch(String name, List<String> command, Path log) {
        return launch(name, command, Map.of(), log);
    }

    /** Starts a process under the lock that {@link #close()} takes, so Ctrl-C never misses one. */
    private synchronized ChildProcess launch(
            String name, List<String> command, Map<String, String> environment, Path log) {
        if (closed) {
            throw new PipelineFailure("stopped before " + name + " could start");
        }
        ChildProcess process = ChildProcess.start(name, command, environment, log);
        running.push(process::stop);
        return process;
    }

    /** Runs {@code cleanup} when the stack stops, before whatever was started or registered before it. */
    public synchronized void onStop(Runnable cleanup) {
        if (closed) {
            cleanup.run();
            return;
        }
        running.push(cleanup);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public URI fetcherUrl() {
        return fetchers.getFirst().baseUrl();
    }

    public URI processorUrl() {
        return processors.getFirst().baseUrl();
    }

    public List<URI> fetcherUrls() {
        return fetchers.stream().map(ServiceProcess::baseUrl).toList();
    }

    public List<URI> processorUrls() {
        return processors.stream().map(ServiceProcess::baseUrl).toList();
    }

    /** The fetchers in instance order, each with its name (fetcher, fetcher-2, ...) and base URL. */
    public List<ServiceProcess> fetcherInstances() {
        return List.copyOf(fetchers);
    }

    /** The processors in instance order, each with its name (processor, processor-2, ...) and base URL. */
    public List<ServiceProcess> processorInstances() {
        return List.copyOf(processors);
    }

    /** The stand-in upstream's base URL; empty when real sources are named and none was started. */
    public Optional<URI> upstreamUrl() {
        return services.stream()
                .filter(s -> s.name().equals(ServiceCommands.UPSTREAM))
                .findFirst()
                .map(ServiceProcess::baseUrl);
    }

    /** The first instance of {@code service} ("fetcher" or "processor") that is alive, else the first. */
    @Override
    public Optional<URI> instanceToAsk(String service) {
        List<ServiceProcess> instances = switch (service) {
            case "fetcher" -> List.copyOf(fetchers);
            case "processor" -> List.copyOf(processors);
            default -> List.of();
        };
        return instances.stream()
                .filter(s -> s.process().isAlive())
                .findFirst()
                .or(() -> instances.stream().findFirst())
                .map(ServiceProcess::baseUrl);
    }

    /** True once shutdown began, e.g. on Ctrl-C: failures seen after that are the stop, not a fault. */
    public boolean isStopping() {
        return stopping;
    }

    /**
     * Says, once each, which instances died and which of their service carry on; throws when the
     * broker, the stand-in upstream or a service's last instance died, and {@link StoppedByUser}
     * once the stack is stopping (its processes ending then are the stop, not a fault).
     */
    @Override
    public void ensureRunning() {
        List<String> survived;
        synchronized (deaths) {
            if (stopping) {
                throw new StoppedByUser();
            }
            try {
                survived = deaths.check(members());
            } catch (PipelineFailure fatal) {
                throw stopping ? new StoppedByUser() : fatal;
            }
        }
        if (stopping) {
            throw new StoppedByUser();
        }
        survived.forEach(warn);
    }

    private List<DeathWatch.Member> members() {
        List<DeathWatch.Member> members = new ArrayList<>();
        if (broker != null && broker.process() != null) {
            members.add(new DeathWatch.Member("kafka-broker", broker.process()));
        }
        services.forEach(service ->
                members.add(new DeathWatch.Member(ServiceCommands.service(service.name()), service.process())));
        return members;
    }

    @Override
    public PipelineFailure failure(String service, String reason) {
        return services.stream()
                .filter(s -> s.name().equals(service))
                .findFirst()
                .map(s -> s.process().failure(reason))
                .orElseGet(() -> new PipelineFailure(service + " " + reason));
    }

    /** Stops everything in reverse start order. Idempotent; the Ctrl-C hook and the caller may race. */
    @Override
    public void close() {
        stopping = true;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (!running.isEmpty()) {
                say.accept("stopping local services...");
            }
            while (!running.isEmpty()) {
                closeQuietly(running.pop());
            }
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ex) {
                // the JVM is already shutting down; the hook has found everything stopped
            }
        }
    }

    private static void closeQuietly(Runnable stop) {
        try {
            stop.run();
        } catch (RuntimeException ex) {
            // keep stopping the rest: one failed stop must not leave the others running
        }
    }
}
