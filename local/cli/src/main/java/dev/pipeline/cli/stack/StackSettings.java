package dev.pipeline.cli.stack;

import java.nio.file.Path;
import java.util.List;

/**
 * What a local run is asked for. Extra arguments go straight to a service's command line
 * (e.g. {@code --pipeline.fetch.workers=8}), so new CLI options need no new plumbing here.
 *
 * @param bootstrapServers an existing Kafka cluster to use, or {@code null} to start a broker
 * @param outputDir where the processor writes reports
 */
public record StackSettings(String bootstrapServers, Path outputDir, List<String> upstreamArgs,
        List<String> processorArgs, List<String> fetcherArgs) {

    public StackSettings {
        outputDir = outputDir.toAbsolutePath().normalize();
        upstreamArgs = List.copyOf(upstreamArgs);
        processorArgs = List.copyOf(processorArgs);
        fetcherArgs = List.copyOf(fetcherArgs);
    }

    public static StackSettings of(String bootstrapServers, Path outputDir) {
        return new StackSettings(bootstrapServers, outputDir, List.of(), List.of(), List.of());
    }

    public boolean startsBroker() {
        return bootstrapServers == null;
    }
}
