package dev.pipeline.cli.progress;

import dev.pipeline.cli.run.ProcessedRun;
import dev.pipeline.cli.run.RunSnapshot;
import dev.pipeline.cli.run.SourceProgress;
import dev.pipeline.common.report.ReportState;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.stream.Collectors;

/** One line at most every few seconds, for logs and pipes where bars would be noise. */
final class PlainProgress implements ProgressView {

    private final PrintWriter out;
    private final long intervalNanos;
    private long lastPrinted;
    private boolean printedOnce;
    private RunSnapshot unprinted;

    PlainProgress(PrintWriter out, Duration interval) {
        this.out = out;
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public void onProgress(RunSnapshot progress) {
        long now = System.nanoTime();
        if (printedOnce && now - lastPrinted < intervalNanos) {
            unprinted = progress;
            return;
        }
        print(progress);
        lastPrinted = now;
    }

    private void print(RunSnapshot progress) {
        printedOnce = true;
        unprinted = null;
        out.println(describe(progress));
        out.flush();
    }

    static String describe(RunSnapshot progress) {
        String sources = progress.fetch().sources().stream()
                .map(source -> source.name() + " " + source.items() + " in " + source.pages()
                        + (source.pages() == 1 ? " page" : " pages"))
                .collect(Collectors.joining(", "));
        long fetchErrors = progress.fetch().sources().stream()
                .mapToLong(SourceProgress::errors)
                .sum();
        return "fetch %s: %s items (%s), %d errors | %s"
                .formatted(
                        progress.fetch().stateName(),
                        progress.fetch().itemsFetched(),
                        sources.isEmpty() ? "no sources yet" : sources,
                        fetchErrors,
                        progress.processed().map(PlainProgress::describe).orElse("not yet seen by the processor"));
    }

    private static String describe(ProcessedRun processed) {
        return processed.complete()
                ? "processed, report written" + (processed.state() == ReportState.DEGRADED ? " (DEGRADED)" : "")
                : "processed %d products, %d errors".formatted(processed.productsConsumed(), processed.errors());
    }

    /** Ends with the last state seen, so a log shows where the run ended, not where it was seconds before. */
    @Override
    public void close() {
        if (unprinted != null) {
            print(unprinted);
        }
    }
}
