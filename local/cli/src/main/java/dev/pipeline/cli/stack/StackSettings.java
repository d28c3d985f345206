package dev.pipeline.cli.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * @param processors processor instances: they share the products partitions and the output directory
 */
public record StackSettings(String bootstrapServers, Path outputDir, boolean startsUpstream, List<String> upstreamArgs,
        List<String> processorArgs, List<String> fetcherArgs, Map<String, String> fetcherFiles, int fetchers,
        int processors) {

    public StackSettings {
        if (fetchers < 1 || processors < 1 || fetchers > 16 || processors > 16) {
            throw new IllegalArgumentException("1 to 16 fetchers and processors, not %d and %d"
                    .formatted(fetchers, processors));
        }
        outputDir = outputDir.toAbsolutePath().normalize();
        upstreamArgs = List.copyOf(upstreamArgs);
        processorArgs = List.copyOf(processorArgs);
        fetcherArgs = List.copyOf(fetcherArgs);
        fetcherFiles = Collections.unmodifiableMap(new LinkedHashMap<>(fetcherFiles));
    }

    public static StackSettings of(String bootstrapServers, Path outputDir) {
        return new StackSettings(bootstrapServers, outputDir, true, List.of(), List.of(), List.of(), Map.of(), 1, 1);
    }

    /** Real sources are named: the fetcher's defaults, and the stand-in upstream they point at, are not needed. */
    public StackSettings withoutUpstream() {
        return new StackSettings(bootstrapServers, outputDir, false, upstreamArgs, processorArgs, fetcherArgs,
                fetcherFiles, fetchers, processors);
    }

    public StackSettings withFetcherArgs(List<String> more) {
        List<String> args = new ArrayList<>(fetcherArgs);
        args.addAll(more);
        return new StackSettings(bootstrapServers, outputDir, startsUpstream, upstreamArgs, processorArgs, args,
                fetcherFiles, fetchers, processors);
    }

    public StackSettings withFetcherFile(String property, String content) {
        Map<String, String> files = new LinkedHashMap<>(fetcherFiles);
        files.put(property, content);
        return new StackSettings(bootstrapServers, outputDir, startsUpstream, upstreamArgs, processorArgs, fetcherArgs,
                files, fetchers, processors);
    }

    public StackSettings withUpstreamArgs(List<String> args) {
        return new StackSettings(bootstrapServers, outputDir, startsUpstream, args, processorArgs, fetcherArgs,
                fetcherFiles, fetchers, processors);
    }

    public StackSettings withInstances(int fetcherCount, int processorCount) {
        return new StackSettings(bootstrapServers, outputDir, startsUpstream, upstreamArgs, processorArgs, fetcherArgs,
                fetcherFiles, fetcherCount, processorCount);
    }

    public boolean startsBroker() {
        return bootstrapServers == null;
    }
}
