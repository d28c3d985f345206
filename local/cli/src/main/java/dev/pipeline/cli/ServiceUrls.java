package dev.pipeline.cli;

import dev.pipeline.cli.run.FetcherClient;
import dev.pipeline.cli.run.ProcessorClient;
import dev.pipeline.cli.stack.HealthCheck;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * Where the running services are, for commands that only read from them: the URLs given, else
 * those of the {@code pipeline up} running from this repository ({@link UpState}), else the ports
 * the services listen on by default.
 */
final class ServiceUrls {

    static final URI DEFAULT_FETCHER = URI.create("http://127.0.0.1:8080");

    static final URI DEFAULT_PROCESSOR = URI.create("http://127.0.0.1:8081");

    @Option(
            names = "--fetcher",
            paramLabel = "URL",
            converter = HttpUrlConverter.class,
            description = "The fetcher's base URL (default: the one ./pipeline up is running here, else "
                    + "http://127.0.0.1:8080).")
    URI fetcher;

    @Option(
            names = "--processor",
            paramLabel = "URL",
            converter = HttpUrlConverter.class,
            description = "The processor's base URL (default: the one ./pipeline up is running here, else "
                    + "http://127.0.0.1:8081).")
    URI processor;

    private Optional<UpState> up;

    URI fetcher() {
        if (fetcher == null) {
            fetcher = fromUp(UpState::fetchers).orElse(DEFAULT_FETCHER);
        }
        return fetcher;
    }

    URI processor() {
        if (processor == null) {
            processor = fromUp(UpState::processors).orElse(DEFAULT_PROCESSOR);
        }
        return processor;
    }

    FetcherClient fetcherClient() {
        return new FetcherClient(fetcher());
    }

    ProcessorClient processorClient() {
        return new ProcessorClient(processor());
    }

    /** The first of up's instances that says it is up (one may have died), else its first. */
    private Optional<URI> fromUp(Function<UpState, List<URI>> instances) {
        if (up == null) {
            up = UpState.current();
        }
        return up.map(instances)
                .map(urls -> urls.stream()
                        .filter(HealthCheck.ACTUATOR::passes)
                        .findFirst()
                        .orElse(urls.getFirst()));
    }
}
