package dev.pipeline.cli;

import dev.pipeline.cli.run.FetchRun;
import dev.pipeline.cli.run.ProcessedRun;
import dev.pipeline.cli.run.SourceProgress;
import dev.pipeline.cli.stack.HealthCheck;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Whether the services are up, or how far one run has got on each side. */
@Command(name = "status", description = "Show whether the services are up, or the state of one run.")
final class StatusCommand implements Callable<Integer> {

    private static final String SOURCE_ROW = "  %-20s %-10s %7s %9s %7s %9s%n";

    @Spec
    CommandSpec spec;

    @Mixin
    ServiceUrls urls;

    @Parameters(
            arity = "0..1",
            paramLabel = "RUN",
            converter = RunIdConverter.class,
            description = "A run id; without it, the services' health.")
    String runId;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int exit = runId == null ? printHealth(out) : printRun(out);
        out.flush();
        return exit;
    }

    private int printHealth(PrintWriter out) {
        boolean fetcherUp = printHealth(out, "fetcher", urls.fetcher());
        boolean processorUp = printHealth(out, "processor", urls.processor());
        if (fetcherUp) {
            printRecentRuns(out, urls.fetcherClient().recent());
        }
        return fetcherUp && processorUp ? 0 : CliErrors.FAILURE;
    }

    private static void printRecentRuns(PrintWriter out, List<FetchRun> runs) {
        out.println(runs.isEmpty() ? "no runs yet" : "runs:");
        for (FetchRun run : runs) {
            out.printf(
                    "  %-36s %-8s %7d items  started %s%n",
                    run.runId(), run.stateName(), run.itemsFetched(), run.startedAt());
        }
    }

    private static boolean printHealth(PrintWriter out, String name, URI url) {
        boolean up = HealthCheck.ACTUATOR.passes(url);
        out.printf("%-10s %-28s %s%n", name, url, up ? "UP" : "DOWN");
        return up;
    }

    private static String describe(ProcessedRun run) {
        return run.complete()
                ? run.stateName() + ", report "
                        + run.reportPath().map(Object::toString).orElse("written")
                        + (run.reason() == null ? "" : " (" + run.reason() + ")")
                : "%s (%d products, %d errors so far)".formatted(run.stateName(), run.productsConsumed(), run.errors());
    }

    private int printRun(PrintWriter out) {
        FetchRun fetch = urls.fetcherClient().run(runId);
        Optional<ProcessedRun> processed = urls.processorClient().run(runId);
        out.printf("run        %s%n", runId);
        out.printf(
                "fetcher    %s (started %s%s)%n",
                fetch.stateName(),
                fetch.startedAt(),
                fetch.finishedAt() == null ? "" : ", finished " + fetch.finishedAt());
        out.printf("processor  %s%n", processed.map(StatusCommand::describe).orElse("has not seen this run yet"));
        out.printf(SOURCE_ROW, "source", "state", "pages", "items", "errors", "requests");
        for (SourceProgress source : fetch.sources()) {
            out.printf(
                    SOURCE_ROW,
                    source.name(),
                    source.state(),
                    source.pages(),
                    source.items(),
                    source.errors(),
                    source.requests());
        }
        return 0;
    }
}
