package dev.pipeline.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import dev.pipeline.cli.progress.ProgressView;
import dev.pipeline.cli.progress.Terminal;
import dev.pipeline.cli.report.ReportReader;
import dev.pipeline.cli.report.SummaryTable;
import dev.pipeline.cli.run.FetcherClient;
import dev.pipeline.cli.run.ProcessedRun;
import dev.pipeline.cli.run.ProcessorClient;
import dev.pipeline.cli.run.RunWatcher;
import dev.pipeline.cli.source.InvalidSources;
import dev.pipeline.cli.source.RunSources;
import dev.pipeline.cli.stack.LocalStack;
import dev.pipeline.cli.stack.PipelineFailure;
import dev.pipeline.cli.stack.PipelineHome;
import dev.pipeline.cli.stack.StackSettings;
import dev.pipeline.cli.stack.StoppedByUser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * One complete local run: start Kafka and the services, trigger a run, show its progress, print
 * the summary and where the report is, stop everything. Progress goes to stderr, results to stdout.
 */
@Command(name = "run", sortOptions = false,
        description = {"Start a Kafka broker, both services and (unless real sources are named) the stand-in "
                + "upstream locally, run once, print a summary and the report's path, then stop everything.",
                "Exit codes: 0 the run completed (its errors are in the report), 1 it failed, 2 a bad argument, "
                        + "130 interrupted."})
final class RunCommand implements Callable<Integer> {

    /** The fetcher refuses more at startup; said here, before anything starts. */
    static final int MAX_WORKERS = 1024;

    private static final Pattern HOST_PORTS = Pattern.compile("[^\\s,:]+:\\d{1,5}(,[^\\s,:]+:\\d{1,5})*");

    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL|NAME|PAGED",
            description = {"An endpoint to fetch, as the original's --url (repeatable). NAME becomes the source "
                    + "name; PAGED true pages through {page} (from 1) or {skip} in the URL until an empty page.",
                    "Named sources replace the default ones, and no stand-in upstream is started."})
    List<String> urls;

    @Option(names = {"--args-file", "--args_file"}, paramLabel = "FILE",
            description = "The original's args.json: [{\"url\", \"name\", \"paged\", \"headers\"}] "
                    + "(--args_file, the original's spelling, works too). With --url, an endpoint named twice "
                    + "is fetched once (the file's entry wins).")
    Path argsFile;

    @Option(names = "--sources", paramLabel = "FILE",
            description = "Sources in this project's format (JSON: [...] or {\"sources\": [...]}), "
                    + "as under pipeline.sources in the fetcher's application.yml.")
    Path sourcesFile;

    @Option(names = "--workers", paramLabel = "N",
            description = "Pages fetched at once across all sources, 1-" + MAX_WORKERS + " (default: the fetcher's, 16).")
    Integer workers;

    @Option(names = "--fetchers", paramLabel = "N", defaultValue = "1",
            description = "Fetcher instances, 1-16, each its own process, sharing the run's fetch tasks "
                    + "(default: ${DEFAULT-VALUE}).")
    int fetchers;

    @Option(names = "--processors", paramLabel = "N", defaultValue = "1",
            description = "Processor instances, 1-16, each its own process, sharing the products partitions "
                    + "(default: ${DEFAULT-VALUE}).")
    int processors;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Use this Kafka cluster instead of starting a local broker.")
    String bootstrapServers;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "output",
            description = "Where the report is written (default: ./${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Option(names = "--json", description = "Print the report's JSON instead of the summary table.")
    boolean json;

    @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:PIPELINE_SECURITY_API_KEY:-}",
            description = {"The API key the services started here require of mutating requests, and that this "
                    + "command sends in X-API-Key (default: the environment variable PIPELINE_SECURITY_API_KEY; "
                    + "none when it is not set). Prefer the variable: a command line is visible to other users."})
    String apiKey;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT10M", converter = DurationConverter.class,
            description = "Give up on a run after this long, e.g. 90s, 10m, PT10M (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws IOException {
        StackSettings settings = stackSettings();
        Path report;
        try (LocalStack stack = LocalStack.start(PipelineHome.locate(), settings, this::say)) {
            report = runOnce(stack, settings.outputDir());
        }
        print(report); // after the stop, so the summary is the last thing on screen
        return 0;
    }

    /** Triggers one run on a started stack; returns its report once the processor has written it. */
    private Path runOnce(LocalStack stack, Path outputDir) {
        FetcherClient fetcher = new FetcherClient(stack.fetcherUrl(), apiKey);
        ProcessorClient processor = new ProcessorClient(stack.processorUrl());
        try (ProgressView view = ProgressView.choose(quiet, Terminal.isInteractive(), spec.commandLine().getErr())) {
            String runId = fetcher.startRun(List.of()); // every source the fetcher was started with
            say("run " + runId + " started");
            ProcessedRun done = new RunWatcher(fetcher, processor, stack, view).awaitCompletion(runId, timeout);
            return awaitReport(done.reportPath().orElse(outputDir.resolve(runId + ".json")), stack);
        }
        catch (PipelineFailure failure) {
            throw stack.isStopping() ? new StoppedByUser() : failure;
        }
    }

    /** Progress and lifecycle lines go to stderr, so stdout carries only the result (e.g. with --json). */
    private void say(String line) {
        if (!quiet) {
            spec.commandLine().getErr().println(line);
            spec.commandLine().getErr().flush();
        }
    }

    private void print(Path report) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            try (Reader reader = Files.newBufferedReader(report)) {
                reader.transferTo(out);
            }
            out.println();
        }
        else {
            out.print(SummaryTable.render(ReportReader.read(report)));
            out.println("report: " + report.toAbsolutePath());
        }
        out.flush();
    }

    /** The processor renames the finished file into place; give a slow disk a moment. */
    private static Path awaitReport(Path report, LocalStack stack) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.isRegularFile(report)) {
            if (System.nanoTime() > deadline) {
                throw stack.failure("processor", "reported the run complete, but " + report + " does not exist");
            }
            sleepBriefly();
        }
        return report;
    }

    /** Everything checked before anything starts: a bad argument must not cost a broker start. */
    StackSettings stackSettings() {
        RunSources sources = checkedSources();
        List<String> workerArgs = checkedWorkers();
        StackSettings settings = StackSettings.of(checkedBootstrapServers(), writableOutputDir())
                .withFetcherArgs(sources.fetcherArgs())
                .withFetcherArgs(workerArgs)
                .withInstances(checkedInstances("--fetchers", fetchers), checkedInstances("--processors", processors))
                .withApiKey(apiKey);
        if (sources.isEmpty()) {
            return settings;
        }
        StackSettings realSources = settings.withoutUpstream();
        return sources.argsFile().map(json -> realSources.withFetcherFile(RunSources.ARGS_FILE_PROPERTY, json))
                .orElse(realSources);
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
        }
        catch (InvalidSources ex) {
            throw new ParameterException(spec.commandLine(), ex.getMessage());
        }
    }

    private List<String> checkedWorkers() {
        if (workers == null) {
            return List.of();
        }
        if (workers < 1 || workers > MAX_WORKERS) {
            throw new ParameterException(spec.commandLine(),
                    "--workers must be between 1 and " + MAX_WORKERS + ", not " + workers);
        }
        return List.of("--pipeline.fetch.workers=" + workers);
    }

    private String checkedBootstrapServers() {
        if (bootstrapServers != null && !HOST_PORTS.matcher(bootstrapServers).matches()) {
            throw new ParameterException(spec.commandLine(),
                    "--bootstrap-servers must be HOST:PORT[,HOST:PORT...], not '" + bootstrapServers + "'");
        }
        return bootstrapServers;
    }

    private Path writableOutputDir() {
        Path dir = out.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        }
        catch (IOException ex) {
            throw new ParameterException(spec.commandLine(), "--out " + out + " cannot be created: " + ex.getMessage());
        }
        if (!Files.isWritable(dir)) {
            throw new ParameterException(spec.commandLine(), "--out " + out + " is not writable");
        }
        return dir;
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(100);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new PipelineFailure("interrupted while waiting for the report", ex);
        }
    }
}
