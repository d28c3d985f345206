package dev.pipeline.cli.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a local run is asked for. Extra arguments go straight to a service's command line
 * (e.g. {@code --pipeline.fetch.workers=8}), so new CLI options need no new plumbing here.
 *
 * @param bootstrapServers an existing Kafka cluster to use, or {@code null} to start a broker
 * @param outputDir where the processor writes reports
 * @param startsUpstream whether to start the stand-in upstream (not when real sources are named)
 * @param fetcherFiles files the fetcher reads at startup, by property: each is written to a
 *        scratch directory (owner-only, deleted when the stack stops) and passed as
 *        {@code --<property>=<file>}; they may hold secrets such as API-key headers
 * @param fetchers fetcher instances: they share each run's fetch tasks
 * @param processors processor instances: they share the products partitions, and the output directory
 *        unless {@code processorSetup} sets them apart
 * @param apiKey the key both services require of mutating requests ({@code ""}: none), handed to them in
 *        their environment, never on their command line; they never inherit one from this process's
 * @param shortRun the run is known to be short (the stand-in upstream's few hundred items): every
 *        JVM the stack starts compiles with C1 only ({@code -XX:TieredStopAtLevel=1}). On the two
 *        cores they share, C2 compiling the start-up code of four JVMs at once takes about a third
 *        of their start-up CPU, for a peak speed such a run never reaches; and the broker's group
 *        and transaction logs have one partition each ({@link BrokerConfig#SMALL_INTERNAL_LOGS}).
 *        A long or unknown workload (real sources, {@code up}, the benchmark) keeps the defaults,
 *        but for the stand-in upstream, which compiles with C1 only in every stack
 * @param processorSetup where the processors keep their reports: by default all in {@code outputDir}
 */
public record StackSettings(
        String bootstrapServers,
        Path outputDir,
        boolean startsUpstream,
        List<String> upstreamArgs,
        List<String> processorArgs,
        List<String> fetcherArgs,
        Map<String, String> fetcherFiles,
        int fetchers,
        int processors,
        String apiKey,
        boolean shortRun,
        ProcessorSetup processorSetup) {

    public StackSettings {
        if (fetchers < 1 || processors < 1 || fetchers > 16 || processors > 16) {
            throw new IllegalArgumentException(
                    "1 to 16 fetchers and processors, not %d and %d".formatted(fetchers, processors));
        }
        outputDir = outputDir.toAbsolutePath().normalize();
        upstreamArgs = List.copyOf(upstreamArgs);
        processorArgs = List.copyOf(processorArgs);
        fetcherArgs = List.copyOf(fetcherArgs);
        fetcherFiles = Collections.unmodifiableMap(new LinkedHashMap<>(fetcherFiles));
        apiKey = apiKey == null ? "" : apiKey.strip();
        processorSetup = processorSetup == null ? ProcessorSetup.SHARED : processorSetup;
    }

    public static StackSettings of(String bootstrapServers, Path outputDir) {
        return new StackSettings(
                bootstrapServers,
                outputDir,
                true,
                List.of(),
                List.of(),
                List.of(),
                Map.of(),
                1,
                1,
                "",
                false,
                ProcessorSetup.SHARED);
    }

    /** Real sources are named: the fetcher's defaults, and the stand-in upstream they point at, are not needed. */
    public StackSettings withoutUpstream() {
        return with(copy -> copy.startsUpstream = false);
    }

    public StackSettings withFetcherArgs(List<String> more) {
        return with(copy -> copy.fetcherArgs.addAll(more));
    }

    public StackSettings withFetcherFile(String property, String content) {
        return with(copy -> copy.fetcherFiles.put(property, content));
    }

    public StackSettings withUpstreamArgs(List<String> args) {
        return with(copy -> copy.upstreamArgs = args);
    }

    public StackSettings withInstances(int fetcherCount, int processorCount) {
        return with(copy -> {
            copy.fetchers = fetcherCount;
            copy.processors = processorCount;
        });
    }

    public StackSettings withApiKey(String key) {
        return with(copy -> copy.apiKey = key);
    }

    /** See {@link StackSettings#shortRun}. */
    public StackSettings asShortRun() {
        return with(copy -> copy.shortRun = true);
    }

    /**
     * Each processor writes to an output directory of its own ({@link #processorOutputDir}), as
     * processors on separate hosts would: what one writes there, no other sees.
     */
    public StackSettings withOwnOutputDirectories() {
        return withProcessorSetup(new ProcessorSetup(
                true, processorSetup.environment(), processorSetup.objectStore(), processorSetup.objectStoreRoute()));
    }

    /** Variables set for every processor on top of the stack's (credentials, say); later ones win. */
    public StackSettings withProcessorEnvironment(Map<String, String> more) {
        Map<String, String> environment = new LinkedHashMap<>(processorSetup.environment());
        environment.putAll(more);
        return withProcessorSetup(new ProcessorSetup(
                processorSetup.ownOutputDirectories(),
                environment,
                processorSetup.objectStore(),
                processorSetup.objectStoreRoute()));
    }

    /** The stack starts an object store ({@link LocalObjectStore}) and every processor keeps its reports there. */
    public StackSettings withObjectStore() {
        return withObjectStore(ObjectStoreRoute.DIRECT);
    }

    /** As {@link #withObjectStore()}, each processor reaching the store the way {@code route} says. */
    public StackSettings withObjectStore(ObjectStoreRoute route) {
        return withProcessorSetup(
                new ProcessorSetup(processorSetup.ownOutputDirectories(), processorSetup.environment(), true, route));
    }

    private StackSettings withProcessorSetup(ProcessorSetup setup) {
        return with(copy -> copy.processorSetup = setup);
    }

    /** A copy of these settings with what {@code change} sets, checked as any settings are. */
    private StackSettings with(Consumer<Copy> change) {
        Copy copy = new Copy(this);
        change.accept(copy);
        return copy.settings();
    }

    /** The components of a {@link StackSettings} to change, the one place a wither lists them all. */
    private static final class Copy {
        private final String bootstrapServers;
        private final Path outputDir;
        private boolean startsUpstream;
        private List<String> upstreamArgs;
        private final List<String> processorArgs;
        private final List<String> fetcherArgs;
        private final Map<String, String> fetcherFiles;
        private int fetchers;
        private int processors;
        private String apiKey;
        private boolean shortRun;
        private ProcessorSetup processorSetup;

        private Copy(StackSettings settings) {
            bootstrapServers = settings.bootstrapServers;
            outputDir = settings.outputDir;
            startsUpstream = settings.startsUpstream;
            upstreamArgs = settings.upstreamArgs;
            processorArgs = settings.processorArgs;
            fetcherArgs = new ArrayList<>(settings.fetcherArgs);
            fetcherFiles = new LinkedHashMap<>(settings.fetcherFiles);
            fetchers = settings.fetchers;
            processors = settings.processors;
            apiKey = settings.apiKey;
            shortRun = settings.shortRun;
            processorSetup = settings.processorSetup;
        }

        private StackSettings settings() {
            return new StackSettings(
                    bootstrapServers,
                    outputDir,
                    startsUpstream,
                    upstreamArgs,
                    processorArgs,
                    fetcherArgs,
                    fetcherFiles,
                    fetchers,
                    processors,
                    apiKey,
                    shortRun,
                    processorSetup);
        }
    }

    /**
     * Where processor number {@code instance} (from 1) writes: the output directory, or with {@link
     * #withOwnOutputDirectories()} its {@code processor-<instance>} subdirectory.
     */
    public Path processorOutputDir(int instance) {
        return processorSetup.ownOutputDirectories() ? outputDir.resolve("processor-" + instance) : outputDir;
    }

    /** The JVM options a short run adds to every JVM of the stack ({@link #shortRun}); none otherwise. */
    List<String> shortRunJvmOptions() {
        return shortRun ? List.of(JvmOptions.C1_ONLY) : List.of();
    }

    public boolean startsBroker() {
        return bootstrapServers == null;
    }

    /** Never the API key (nor the fetcher's files, which may hold secrets), wherever this is printed. */
    @Override
    public String toString() {
        return "StackSettings[bootstrapServers=%s, outputDir=%s, startsUpstream=%s, upstreamArgs=%s, processorArgs=%s, "
                        .formatted(bootstrapServers, outputDir, startsUpstream, upstreamArgs, processorArgs)
                + "fetcherArgs=%s, fetcherFiles=%s, fetchers=%d, processors=%d, apiKey=%s, processorSetup=%s]"
                        .formatted(
                                fetcherArgs,
                                fetcherFiles.keySet(),
                                fetchers,
                                processors,
                                apiKey.isEmpty() ? "(none)" : "(set)",
                                processorSetup);
    }
}
