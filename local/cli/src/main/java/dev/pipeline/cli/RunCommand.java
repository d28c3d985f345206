package dev.pipeline.cli;

import dev.pipeline.cli.progress.ProgressView;
import dev.pipeline.cli.progress.Terminal;
import dev.pipeline.cli.report.ReportReader;
import dev.pipeline.cli.report.SummaryTable;
import dev.pipeline.cli.run.FetcherClient;
import dev.pipeline.cli.run.ProcessedRun;
import dev.pipeline.cli.run.ProcessorClient;
import dev.pipeline.cli.run.RunWatcher;
import dev.pipeline.cli.stack.LocalStack;
import dev.pipeline.cli.stack.PipelineFailure;
import dev.pipeline.cli.stack.PipelineHome;
import dev.pipeline.cli.stack.StackSettings;
import dev.pipeline.cli.stack.StoppedByUser;
import dev.pipeline.common.report.ReportFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * One complete local run: start Kafka and the services, trigger a run, show its progress, print
 * the summary and where the report is, stop everything. Progress goes to stderr, results to stdout;
 * the results are printed before the stack stops, and the command returns once it has.
 */
@Command(
        name = "run",
        sortOptions = false,
        description = {
            "Start a Kafka broker, both services and (unless real sources are named) the stand-in "
                    + "upstream locally, run once, print a summary and the report's path, then stop everything.",
            "Exit codes: 0 the run completed (its errors are in the report), 1 it failed, 2 a bad argument, "
                    + "130 interrupted."
        })
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions options;

    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Option(names = "--json", description = "Print the report's JSON instead of the summary table.")
    boolean json;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "PT10M",
            converter = DurationConverter.class,
            description = "Give up on a run after this long, e.g. 90s, 10m, PT10M (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws IOException {
        StackSettings settings = stackSettings();
        try (LocalStack stack = LocalStack.start(PipelineHome.locate(), settings, this::say, this::warn)) {
            // before the stop, which takes seconds: the answer is ready, and the stop adds nothing to it
            print(runOnce(stack, settings.outputDir()));
        }
        return 0;
    }

    /** Triggers one run on a started stack; returns its report once the processor has written it. */
    private Path runOnce(LocalStack stack, Path outputDir) {
        FetcherClient fetcher = new FetcherClient(stack.fetcherUrl(), options.apiKey);
        ProcessorClient processor = new ProcessorClient(stack.processorUrl());
        try (ProgressView view = ProgressView.choose(
                quiet, Terminal.isInteractive(), spec.commandLine().getErr())) {
            String runId = fetcher.startRun(List.of()); // every source the fetcher was started with
            say("run " + runId + " started");
            ProcessedRun done = new RunWatcher(fetcher, processor, stack, view).awaitCompletion(runId, timeout);
            return awaitReport(done.reportPath().orElse(ReportFiles.report(outputDir, runId)), stack);
        } catch (PipelineFailure failure) {
            throw stack.isStopping() ? new StoppedByUser() : failure;
        }
    }

    /** Progress and lifecycle lines go to stderr, so stdout carries only the result (e.g. with --json). */
    private void say(String line) {
        if (!quiet) {
            warn(line);
        }
    }

    /** An instance that died and the run carries on without: said even with --quiet, which silences progress. */
    private void warn(String line) {
        spec.commandLine().getErr().println(line);
        spec.commandLine().getErr().flush();
    }

    private void print(Path report) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            try (Reader reader = Files.newBufferedReader(report)) {
                reader.transferTo(out);
            }
            out.println();
        } else {
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

    /**
     * Everything checked before anything starts: a bad argument must not cost a broker start. With
     * the stand-in upstream (no real sources named) the run is its few hundred items, a
     * {@link StackSettings#shortRun short run}.
     */
    StackSettings stackSettings() {
        StackSettings settings = options.settings();
        return settings.startsUpstream() ? settings.asShortRun() : settings;
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new PipelineFailure("interrupted while waiting for the report", ex);
        }
    }
}
