package dev.pipeline.cli;

import dev.pipeline.cli.report.ReportReader;
import dev.pipeline.cli.report.SummaryTable;
import dev.pipeline.cli.stack.PipelineFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** A finished run's report, from the processor: the summary table, or the whole JSON. */
@Command(name = "report", description = "Print the summary of a finished run's report (or its JSON).")
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ServiceUrls urls;

    @Parameters(paramLabel = "RUN", converter = RunIdConverter.class, description = "The run id.")
    String runId;

    @Option(names = "--json", description = "Print the report's JSON instead of the summary table.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        try (InputStream report = urls.processorClient()
                .report(runId)
                .orElseThrow(() -> new PipelineFailure(
                        "the processor has no report for run " + runId + " (unknown run, or not complete yet)"))) {
            if (json) {
                try (Reader reader = new InputStreamReader(report, StandardCharsets.UTF_8)) {
                    reader.transferTo(out);
                }
                out.println();
            } else {
                out.print(SummaryTable.render(ReportReader.read(report, "the report of run " + runId)));
                out.println("report: " + urls.processor().resolve("/api/runs/" + runId + "/report"));
            }
        }
        out.flush();
        return 0;
    }
}
