package dev.pipeline.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.cli.run.FetchRun;
import dev.pipeline.cli.run.ProcessedRun;
import dev.pipeline.cli.run.RunSnapshot;
import dev.pipeline.cli.run.SourceProgress;
import dev.pipeline.common.FetchState;
import dev.pipeline.common.report.ReportState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlainProgressTests {

    private static final RunSnapshot HALF_WAY = new RunSnapshot(
            new FetchRun(
                    "r1",
                    FetchState.RUNNING,
                    null,
                    null,
                    List.of(
                            new SourceProgress("dummyjson", "RUNNING", 8, 90, 0, 3),
                            new SourceProgress("reqres", "RUNNING", 2, 6, 1, 2))),
            Optional.of(new ProcessedRun("r1", ReportState.OPEN, 80, 1, null)));

    private final StringWriter out = new StringWriter();

    @Test
    void printsOneLineAtMostEveryInterval() {
        PlainProgress progress = new PlainProgress(new PrintWriter(out), Duration.ofHours(1));

        progress.onProgress(HALF_WAY);
        progress.onProgress(HALF_WAY);
        progress.onProgress(HALF_WAY);

        assertThat(out.toString())
                .isEqualTo("fetch RUNNING: 96 items (dummyjson 90 in 8 pages, reqres 6 in 2 pages), 1 errors "
                        + "| processed 80 products, 1 errors\n");
    }

    @Test
    void endsWithTheLastStateSeen() {
        RunSnapshot done = new RunSnapshot(
                new FetchRun("r1", FetchState.FETCHED, null, null, List.of()),
                Optional.of(new ProcessedRun("r1", ReportState.COMPLETE, 0, 0, "/reports/r1.json")));
        PlainProgress progress = new PlainProgress(new PrintWriter(out), Duration.ofHours(1));

        progress.onProgress(HALF_WAY);
        progress.onProgress(done);
        progress.close();

        assertThat(out.toString().lines())
                .hasSize(2)
                .last()
                .asString()
                .isEqualTo("fetch FETCHED: 0 items (no sources yet), 0 errors | processed, report written");
    }

    /** A state a newer service may add, read as none this CLI knows. */
    @Test
    void showsAStateItDoesNotKnowAsUnknown() {
        RunSnapshot unknown = new RunSnapshot(
                new FetchRun("r1", null, null, null, List.of()),
                Optional.of(new ProcessedRun("r1", null, 80, 1, null)));
        PlainProgress progress = new PlainProgress(new PrintWriter(out), Duration.ofHours(1));

        progress.onProgress(unknown);

        assertThat(out.toString()).startsWith("fetch UNKNOWN: 0 items (no sources yet), 0 errors | ");
    }

    @Test
    void printsAgainOnceTheIntervalHasPassed() {
        PlainProgress progress = new PlainProgress(new PrintWriter(out), Duration.ZERO);

        progress.onProgress(HALF_WAY);
        progress.onProgress(HALF_WAY);

        assertThat(out.toString().lines()).hasSize(2);
    }

    @Test
    void printsNothingWhenQuiet() {
        try (ProgressView view = ProgressView.choose(true, true, new PrintWriter(out))) {
            view.onProgress(HALF_WAY);
        }

        assertThat(out.toString()).isEmpty();
    }

    @Test
    void drawsNoBarsWithoutATerminal() {
        assertThat(ProgressView.choose(false, false, new PrintWriter(out))).isInstanceOf(PlainProgress.class);
    }
}
