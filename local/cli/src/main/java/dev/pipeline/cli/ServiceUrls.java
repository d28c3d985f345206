package dev.pipeline.cli;

import java.net.URI;

import dev.pipeline.cli.run.FetcherClient;
import dev.pipeline.cli.run.ProcessorClient;
import picocli.CommandLine.Option;

/** Where the running services are, for commands that only read from them. */
final class ServiceUrls {

    @Option(names = "--fetcher", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080", converter = HttpUrlConverter.class,
            description = "The fetcher's base URL (default: ${DEFAULT-VALUE}).")
    URI fetcher;

    @Option(names = "--processor", paramLabel = "URL", defaultValue = "http://127.0.0.1:8081", converter = HttpUrlConverter.class,
            description = "The processor's base URL (default: ${DEFAULT-VALUE}).")
    URI processor;

    FetcherClient fetcherClient() {
        return new FetcherClient(fetcher);
    }

    ProcessorClient processorClient() {
        return new ProcessorClient(processor);
    }
}
