package dev.pipeline.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.cli.PipelineCli;
import dev.pipeline.cli.stack.PipelineHome;
import dev.pipeline.common.report.testing.ReportSchema;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code pipeline run --fetchers 2 --processors 2} (the CLI in-process, its broker and services as
 * its child processes) with the processor whose REST it polls killed with SIGKILL mid-run: the
 * death is one line, the other processor takes the partitions over, and the run ends with exit 0
 * and the complete report. The "real" API serves its pages slowly ({@link SlowPages}), so the run
 * is surely still fetching when the processor dies.
 */
class RunSurvivesAKilledInstanceIT {

    private static final Pattern FIRST_PROCESSOR =
            Pattern.compile("(?m)^processor ready at http://127\\.0\\.0\\.1:(\\d+)/");

    @TempDir
    Path out;

    /** It runs the packaged services: build the whole reactor (./pipeline test), not this module alone. */
    @BeforeAll
    static void needsEveryServiceBuilt() {
        PipelineHome.locate().requireArtifacts(true, false);
    }

    @AfterEach
    void leavesNoProcessBehind() {
        assertThat(ProcessHandle.current().descendants())
                .as("processes left running")
                .isEmpty();
    }

    @Test
    @Timeout(420)
    void aProcessorKilledMidRunIsReportedAndTheRunCompletesOnTheOtherOne() throws Exception {
        try (SlowPages api = new SlowPages(40, 25, 150)) {
            StringWriter stdout = new StringWriter();
            StringWriter stderr = new StringWriter();
            CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> PipelineCli.commandLine()
                    .setOut(new PrintWriter(stdout, true))
                    .setErr(new PrintWriter(stderr, true))
                    .execute(
                            "run",
                            "--fetchers",
                            "2",
                            "--processors",
                            "2",
                            "--url",
                            api.url() + "|slow|true",
                            "--out",
                            out.toString(),
                            "--timeout",
                            "5m"));

            int port = await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> firstProcessorPort(stderr.toString()), Optional::isPresent)
                    .orElseThrow();
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> api.pagesServed() >= 10 || run.isDone());
            assertThat(run).as("still running; stderr:%n%s", stderr).isNotDone();
            ProcessHandle processor = listeningOn(port);
            processor.destroyForcibly(); // SIGKILL, as a crash or the OOM killer would end it
            processor.onExit().get(10, TimeUnit.SECONDS);
            int pagesAtKill = api.pagesServed();
            long killed = System.nanoTime();

            int exit = run.get(6, TimeUnit.MINUTES);
            System.out.printf(
                    "[cli] exit %d, %.1f s after the kill, which came after %d of 40 pages; its stderr:%n%s",
                    exit,
                    (System.nanoTime() - killed) / 1e9,
                    pagesAtKill,
                    stderr.toString().indent(6));

            assertThat(exit).as("exit code; stderr:%n%s", stderr).isZero();
            assertThat(pagesAtKill).as("pages fetched when the processor died").isLessThan(40);
            assertThat(stderr.toString().lines())
                    .as(stderr.toString())
                    .containsOnlyOnce("processor exited with code 137; carrying on with processor-2");
            JsonNode report = onlyReport();
            assertThat(report.path("summary").path("total_products").asLong()).isEqualTo(api.totalItems());
            assertThat(report.path("summary").path("incomplete").asBoolean()).isFalse();
            assertThat(report.path("errors")).isEmpty();
            assertThat(productIds(report))
                    .isEqualTo(
                            IntStream.rangeClosed(1, api.totalItems()).boxed().toList());
            assertThat(stdout.toString())
                    .contains("products         " + api.totalItems() + "\n", "errors           0\n");
        }
    }

    private static Optional<Integer> firstProcessorPort(String stderr) {
        Matcher ready = FIRST_PROCESSOR.matcher(stderr);
        return ready.find() ? Optional.of(Integer.parseInt(ready.group(1))) : Optional.empty();
    }

    /** The child process (of this JVM, which runs the CLI) told to listen on {@code port}. */
    private static ProcessHandle listeningOn(int port) {
        String arg = "--server.port=" + port;
        List<ProcessHandle> matches = ProcessHandle.current()
                .descendants()
                .filter(p -> p.info()
                        .arguments()
                        .map(args -> List.of(args).contains(arg))
                        .orElse(false))
                .toList();
        assertThat(matches).as("the process started with " + arg).hasSize(1);
        return matches.getFirst();
    }

    private JsonNode onlyReport() throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            List<Path> reports =
                    files.filter(f -> f.toString().endsWith(".json")).toList();
            assertThat(reports).hasSize(1);
            return ReportSchema.readReport(reports.getFirst());
        }
    }

    /** In report order, which is numeric: every id once, none missing. */
    private static List<Integer> productIds(JsonNode report) {
        List<Integer> ids = new ArrayList<>();
        report.path("products")
                .forEach(p -> ids.add(Integer.parseInt(p.path("id").asString())));
        Set<Integer> unique = new TreeSet<>(ids);
        assertThat(unique).as("products counted once").hasSameSizeAs(ids);
        return ids;
    }
}
