package dev.pipeline.cli;

import dev.pipeline.cli.source.InvalidSources;
import dev.pipeline.cli.source.RunSources;
import dev.pipeline.cli.stack.StackSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What to start, as {@code run} and {@code up} both take it: the sources, the instances, the
 * broker, where reports go, the API key. Checked whole before anything starts.
 */
final class StackOptions {

    /** The fetcher refuses more at startup; said here, before anything starts. */
    static final int MAX_WORKERS = 1024;

    private static final Pattern HOST_PORTS = Pattern.compile("[^\\s,:]+:\\d{1,5}(,[^\\s,:]+:\\d{1,5})*");

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
            names = "--url",
            paramLabel = "URL|NAME|PAGED",
            description = {
                "An endpoint to fetch, as the original's --url (repeatable). NAME becomes the source "
                        + "name; PAGED true pages through {page} (from 1) or {skip} in the URL until an empty page.",
                "Named sources replace the default ones, and no stand-in upstream is started."
            })
    List<String> urls;

    @Option(
            names = {"--args-file", "--args_file"},
            paramLabel = "FILE",
            description = "The original's args.json: [{\"url\", \"name\", \"paged\", \"headers\"}] "
                    + "(--args_file, the original's spelling, works too). With --url, an endpoint named twice "
                    + "is fetched once (the file's entry wins).")
    Path argsFile;

    @Option(
            names = "--sources",
            paramLabel = "FILE",
            description = "Sources in this project's format (JSON: [...] or {\"sources\": [...]}), "
                    + "as under pipeline.sources in the fetcher's application.yml.")
    Path sourcesFile;

    @Option(
            names = "--upstream-url",
            paramLabel = "URL",
            converter = HttpUrlConverter.class,
            description = "A stand-in upstream that is already running (e.g. the one ./pipeline up started) for the "
                    + "default sources to point at, instead of starting one.")
    URI upstreamUrl;

    @Option(
            names = "--workers",
            paramLabel = "N",
            description =
                    "Pages fetched at once across all sources, 1-" + MAX_WORKERS + " (default: the fetcher's, 16).")
    Integer workers;

    @Option(
            names = "--fetchers",
            paramLabel = "N",
            defaultValue = "1",
            description = "Fetcher instances, 1-16, each its own process, sharing the run's fetch tasks "
                    + "(default: ${DEFAULT-VALUE}).")
    int fetchers;

    @Option(
            names = "--processors",
            paramLabel = "N",
            defaultValue = "1",
            description = "Processor instances, 1-16, each its own process, sharing the products partitions "
                    + "(default: ${DEFAULT-VALUE}).")
    int processors;

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            description = "Use this Kafka cluster instead of starting a local broker.")
    String bootstrapServers;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "output",
            description = "Where the reports are written (default: ./${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--api-key",
            paramLabel = "KEY",
            defaultValue = "${env:PIPELINE_SECURITY_API_KEY:-}",
            description = {
                "The API key the services started here require of mutating requests, and that this "
                        + "command sends in X-API-Key (default: the environment variable PIPELINE_SECURITY_API_KEY; "
                        + "none when it is not set). Prefer the variable: a command line is visible to other users."
            })
    String apiKey;

    /** Everything checked before anything starts: a bad argument must not cost a broker start. */
    StackSettings settings() {
        RunSources sources = checkedSources();
        List<String> workerArgs = checkedWorkers();
        StackSettings settings = StackSettings.of(checkedBootstrapServers(), writableOutputDir())
                .withFetcherArgs(sources.fetcherArgs())
                .withFetcherArgs(workerArgs)
                .withInstances(checkedInstances("--fetchers", fetchers), checkedInstances("--processors", processors))
                .withApiKey(apiKey);
        if (upstreamUrl != null) {
            settings = settings.withoutUpstream()
                    .withFetcherArgs(List.of(
                            "--pipeline.upstream-url=" + upstreamUrl.toString().replaceAll("/$", "")));
        }
        if (sources.isEmpty()) {
            return settings;
        }
        StackSettings realSources = settings.withoutUpstream();
        return sources.argsFile()
                .map(json -> realSources.withFetcherFile(RunSources.ARGS_FILE_PROPERTY, json))
                .orElse(realSources);
    }

    /** The source options as given, files made absolute: for a command that must name the same sources. */
    List<String> sourceArgs() {
        List<String> args = new ArrayList<>();
        if (urls != null) {
            urls.forEach(url -> args.addAll(List.of("--url", url)));
        }
        if (argsFile != null) {
            args.addAll(
                    List.of("--args-file", argsFile.toAbsolutePath().normalize().toString()));
        }
        if (sourcesFile != null) {
            args.addAll(List.of(
                    "--sources", sourcesFile.toAbsolutePath().normalize().toString()));
        }
        return args;
    }

    private int checkedInstances(String option, int count) {
        if (count < 1 || count > 16) {
            throw new ParameterException(spec.commandLine(), option + " must be 1 to 16, not " + count);
        }
        return count;
    }

    private RunSources checkedSources() {
        try {
            return RunSources.from(urls, argsFile, sourcesFile);
        } catch (InvalidSources ex) {
            throw new ParameterException(spec.commandLine(), ex.getMessage());
        }
    }

    private List<String> checkedWorkers() {
        if (workers == null) {
            return List.of();
        }
        if (workers < 1 || workers > MAX_WORKERS) {
            throw new ParameterException(
                    spec.commandLine(), "--workers must be between 1 and " + MAX_WORKERS + ", not " + workers);
        }
        return List.of("--pipeline.fetch.workers=" + workers);
    }

    private String checkedBootstrapServers() {
        if (bootstrapServers != null && !HOST_PORTS.matcher(bootstrapServers).matches()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--bootstrap-servers must be HOST:PORT[,HOST:PORT...], not '" + bootstrapServers + "'");
        }
        return bootstrapServers;
    }

    private Path writableOutputDir() {
        Path dir = out.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException ex) {
            throw new ParameterException(spec.commandLine(), "--out " + out + " cannot be created: " + ex.getMessage());
        }
        if (!Files.isWritable(dir)) {
            throw new ParameterException(spec.commandLine(), "--out " + out + " is not writable");
        }
        return dir;
    }
}
