package dev.pipeline.cli.compose;

import dev.pipeline.cli.DurationConverter;
import dev.pipeline.cli.report.ExpectedReport;
import dev.pipeline.cli.report.PriceMetrics;
import dev.pipeline.cli.report.ReportReader;
import dev.pipeline.cli.report.ReportSummary;
import dev.pipeline.cli.run.FetcherClient;
import dev.pipeline.cli.run.ProcessorClient;
import dev.pipeline.cli.run.RunWatcher;
import dev.pipeline.cli.run.TaskCounts;
import dev.pipeline.cli.stack.Durations;
import dev.pipeline.cli.stack.LogExcerpt;
import dev.pipeline.cli.stack.PipelineFailure;
import dev.pipeline.cli.stack.PipelineHome;
import dev.pipeline.cli.stack.ServiceGuard;
import dev.pipeline.common.report.ReportKeys.Metrics;
import dev.pipeline.common.report.ReportKeys.Summary;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Proves the compose deployment by running it: builds the images, starts the stack with
 * {@code docker compose up --wait}, runs the pipeline once through the published fetcher port and
 * checks the processor's report against the stand-in upstream's generated data, then scales to two
 * fetchers and two processors, runs again, kills one fetcher container mid-run and checks that the
 * report has the same figures; then, on a fresh stack with the {@code object-store} profile and
 * docker-compose.object-store.yml (S3Mock, the processors' reports in its bucket, no shared
 * volume), one run with two processors, its report read through each processor's REST API and its
 * object found in the bucket through S3's own API; then {@code docker compose down -v}, also on
 * failure or Ctrl-C.
 *
 * <p>It runs under a compose project of its own ({@value #PROJECT}), with an override of its own:
 * the stand-in upstream serves {@code --products} DummyJSON products, so that the second run lasts
 * long enough to kill a fetcher in it (and, for the third run, the repository's
 * {@value #OBJECT_STORE_FILE}). Where the images come from (KAFKA_IMAGE, JRE_IMAGE, JARS) is the
 * environment's business: {@code ./pipeline compose-check} sets it (local/docker/compose-check.sh).
 * The last line printed is the verdict.
 */
@Command(
        name = "compose-check",
        description = {
            "Run the compose deployment for real and check its reports: one fetcher and one processor, then two",
            "of each with a fetcher killed mid-run, then two processors keeping their reports in the object store",
            "(--profile object-store); everything is brought down at the end (docker compose down -v).",
            "Use ./pipeline compose-check, which first provisions the engine and the images where it can."
        })
public final class ComposeCheckCommand implements Callable<Integer> {

    static final String PROJECT = "pipeline-check";
    static final String FETCHER = "fetcher-service";
    static final String PROCESSOR = "processor-service";
    static final int FETCHER_PORT = 8080;
    static final int PROCESSOR_PORT = 8081;
    /** The second run's fetcher is killed once this many of its tasks are done, with more to come. */
    static final int KILL_AFTER_TASKS = 3;
    /** The override that moves the processors' reports into the object store, beside docker-compose.yml. */
    static final String OBJECT_STORE_FILE = "docker-compose.object-store.yml";
    /** The compose profile, and the service, of the S3-compatible server. */
    static final String OBJECT_STORE = "object-store";
    /** Where the object store listens inside its container. */
    static final int OBJECT_STORE_PORT = 9090;
    /** How long the second processor may take to serve a report the first one serves. */
    static final Duration SECOND_READER_WAIT = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    @Option(
            names = "--products",
            defaultValue = "4000",
            paramLabel = "N",
            description =
                    "DummyJSON products the stand-in upstream serves (default ${DEFAULT-VALUE}: a run of a few seconds)")
    int products;

    @Option(
            names = "--timeout",
            defaultValue = "10m",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description =
                    "the most each run may take (default ${DEFAULT-VALUE}); a killed fetcher's open transaction is aborted by the broker after the fetcher's transaction timeout, 2 minutes")
    Duration timeout;

    @Option(names = "--no-build", description = "use the images as they are (docker compose up --no-build)")
    boolean noBuild;

    private PrintWriter err;
    private final Map<String, Duration> timings = new LinkedHashMap<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        PipelineHome home = PipelineHome.locate();
        Path composeFile = home.root().resolve("docker-compose.yml");
        Path override = writeOverride(home);
        Path log = freshLog(home.logsDir().resolve("compose-check.log"));
        Compose compose = new Compose(Compose.dockerCli(), PROJECT, home.root(), List.of(composeFile, override), log);
        // The same project with the object store: builds and brings down everything, the object store too.
        Compose withObjectStore = new Compose(
                Compose.dockerCli(),
                PROJECT,
                home.root(),
                List.of(composeFile, home.root().resolve(OBJECT_STORE_FILE), override),
                List.of(OBJECT_STORE),
                log);
        AtomicBoolean broughtDown = new AtomicBoolean();
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch verdictPrinted = new CountDownLatch(1);
        Thread onInterrupt = new Thread(
                () -> {
                    interrupted.set(true);
                    bringDown(withObjectStore, broughtDown);
                    awaitQuietly(verdictPrinted); // the JVM halts when this hook ends: let the verdict out first
                },
                "compose-check-down");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        String verdict;
        try {
            verdict = "compose-check: PASS — " + check(compose, withObjectStore);
        } catch (PipelineFailure ex) {
            ex.excerpt().filter(excerpt -> !excerpt.lines().isEmpty()).ifPresent(this::print);
            verdict = "compose-check: FAIL — " + oneLine(ex.getMessage());
        } catch (RuntimeException ex) {
            verdict = "compose-check: FAIL — " + oneLine(String.valueOf(ex));
        }
        boolean down = bringDown(withObjectStore, broughtDown);
        if (interrupted.get()) {
            verdict = "compose-check: FAIL — interrupted; the stack was brought down (docker compose -p " + PROJECT
                    + " down -v)";
        } else if (!down && verdict.contains("PASS")) {
            verdict = "compose-check: FAIL — the stack could not be brought down (docker compose -p " + PROJECT
                    + " down -v)";
        }
        try {
            Runtime.getRuntime().removeShutdownHook(onInterrupt);
        } catch (IllegalStateException alreadyShuttingDown) {
            // Ctrl-C: the hook is bringing the stack down
        }
        err.println("timings: "
                + String.join(
                        ", ",
                        timings.entrySet().stream()
                                .map(e -> e.getKey() + " " + seconds(e.getValue()))
                                .toList()));
        err.flush();
        out.println(verdict);
        out.flush();
        verdictPrinted.countDown();
        return verdict.contains("PASS") ? 0 : 1;
    }

    private String check(Compose compose, Compose withObjectStore) {
        if (!noBuild) {
            timed("build", "building the images, the object store's too", () -> withObjectStore.run("build"));
        }
        timed(
                "up",
                "starting Kafka, the stand-in upstream, one fetcher and one processor (docker compose up --wait)",
                () -> compose.run("up", "-d", "--wait", "--wait-timeout", "600", "--no-build"));

        URI fetcher = compose.publishedUrl(FETCHER, 1, FETCHER_PORT);
        URI processor = compose.publishedUrl(PROCESSOR, 1, PROCESSOR_PORT);
        ExpectedReport generated = expected(false);
        ReportSummary first = timed(
                "run 1",
                "run 1 through " + fetcher + ", report from " + processor,
                () -> runOnce(compose, fetcher, processor, null).summary());
        requireMatch("run 1", generated, first);

        timed(
                "scale",
                "scaling to two fetchers and two processors",
                () -> compose.run(
                        "up",
                        "-d",
                        "--wait",
                        "--wait-timeout",
                        "600",
                        "--no-build",
                        "--scale",
                        FETCHER + "=2",
                        "--scale",
                        PROCESSOR + "=2"));
        URI survivor = compose.publishedUrl(FETCHER, 2, FETCHER_PORT);
        String victim = compose.containerName(FETCHER, 1);
        RunResult second = timed(
                "run 2",
                "run 2 through " + survivor + ", killing " + victim + " mid-run",
                () -> runOnce(compose, survivor, processor, victim));
        // The faulty API fails a page's first request once per upstream: run 1 had those.
        requireMatch("run 2", expected(true), second.summary());
        List<String> changed = sameFigures(first, second.summary());
        if (!changed.isEmpty()) {
            throw new PipelineFailure("run 2's figures differ from run 1's: " + String.join("; ", changed));
        }
        String objectStoreRound = objectStoreRound(compose, withObjectStore);
        return "run 1 (1 fetcher, 1 processor): " + figures(first) + ", as generated; run 2 (2 fetchers, 2 processors, "
                + victim + " killed after " + second.tasksDoneAtKill() + " of "
                + second.tasks().planned() + " tasks, "
                + second.tasks().takeovers() + " taken over): the same figures, " + requests(second.summary())
                + " requests (the faulty API's one-time 500 and 429 went to run 1); " + objectStoreRound;
    }

    /**
     * Run 3, on a fresh stack (so the stand-in's one-time faults come again and nothing of runs 1
     * and 2 is in Kafka): the object store and two processors that share no volume, one run; its
     * report is checked against the generator, read through both processors, which must serve the
     * same bytes, and found in the bucket the processors are configured with, listed through S3's
     * own API from inside the object store's container.
     */
    private String objectStoreRound(Compose compose, Compose withObjectStore) {
        timed(
                "reset",
                "bringing the stack down for run 3 (docker compose down -v)",
                () -> compose.run("down", "-v", "--remove-orphans", "--timeout", "30"));
        timed(
                "up object store",
                "starting it again with the object store (--profile object-store, " + OBJECT_STORE_FILE
                        + "): one fetcher, two processors sharing no volume",
                () -> withObjectStore.run(
                        "up",
                        "-d",
                        "--wait",
                        "--wait-timeout",
                        "600",
                        "--no-build",
                        "--scale",
                        FETCHER + "=1",
                        "--scale",
                        PROCESSOR + "=2"));
        URI fetcher = withObjectStore.publishedUrl(FETCHER, 1, FETCHER_PORT);
        URI writer = withObjectStore.publishedUrl(PROCESSOR, 1, PROCESSOR_PORT);
        URI reader = withObjectStore.publishedUrl(PROCESSOR, 2, PROCESSOR_PORT);
        String bucket = withObjectStore
                .output("exec", "-T", "--index", "1", PROCESSOR, "printenv", "PIPELINE_PROCESSOR_REPORTS_S3_BUCKET")
                .strip();
        if (bucket.isEmpty()) {
            throw new PipelineFailure(PROCESSOR + " #1 has no PIPELINE_PROCESSOR_REPORTS_S3_BUCKET: is "
                    + OBJECT_STORE_FILE + " in effect?");
        }
        ReportSummary third = timed(
                "run 3",
                "run 3 through " + fetcher + ", report from " + writer + " and " + reader + ", object in bucket "
                        + bucket,
                () -> runOnce(withObjectStore, fetcher, writer, null).summary());
        requireMatch("run 3", expected(false), third);
        String runId = third.runId();
        byte[] first = reportBytes(writer, runId)
                .orElseThrow(() -> new PipelineFailure(PROCESSOR + " #1 no longer serves the report of run " + runId));
        byte[] second = awaitReport(reader, runId);
        if (!java.util.Arrays.equals(first, second)) {
            throw new PipelineFailure("%s #1 and #2 serve different reports of run %s (%d and %d bytes)"
                    .formatted(PROCESSOR, runId, first.length, second.length));
        }
        BucketListing listing = BucketListing.parse(withObjectStore.output(
                "exec",
                "-T",
                OBJECT_STORE,
                "curl",
                "-sS",
                "http://localhost:" + OBJECT_STORE_PORT + "/" + bucket + "?list-type=2"));
        List<BucketListing.BucketObject> reports = listing.endingWith(runId + ".json");
        if (reports.size() != 1) {
            throw new PipelineFailure("bucket %s holds %d objects named after run %s's report (%s); its objects: %s"
                    .formatted(bucket, reports.size(), runId, runId + ".json", listing.objects()));
        }
        BucketListing.BucketObject report = reports.getFirst();
        if (report.size() != first.length) {
            throw new PipelineFailure("s3://%s/%s is %d bytes, the report the processors serve %d"
                    .formatted(bucket, report.key(), report.size(), first.length));
        }
        err.printf("  s3://%s/%s: %d bytes, the report both processors serve%n", bucket, report.key(), report.size());
        return "run 3 (object store, 2 processors sharing no volume): " + figures(third)
                + ", as generated; the same report from both processors, s3://" + bucket + "/" + report.key() + " ("
                + report.size() + " bytes)";
    }

    /** The processor's report of a run, whole; empty while it serves none. */
    private static Optional<byte[]> reportBytes(URI processorUrl, String runId) {
        Optional<InputStream> report = new ProcessorClient(processorUrl).report(runId);
        if (report.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream body = report.get()) {
            return Optional.of(body.readAllBytes());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The report as another processor serves it: it reads the bucket, so it may answer a moment after the writer. */
    private byte[] awaitReport(URI processorUrl, String runId) {
        long deadline = System.nanoTime() + SECOND_READER_WAIT.toNanos();
        while (true) {
            Optional<byte[]> report = reportBytes(processorUrl, runId);
            if (report.isPresent()) {
                return report.get();
            }
            if (System.nanoTime() > deadline) {
                throw new PipelineFailure("%s #2 (%s) serves no report of run %s %s after #1 did"
                        .formatted(PROCESSOR, processorUrl, runId, Durations.describe(SECOND_READER_WAIT)));
            }
            sleep(Duration.ofMillis(500));
        }
    }

    /** Starts a run, kills {@code victim} (if any) once it is under way, waits for the report and reads it. */
    private RunResult runOnce(Compose compose, URI fetcherUrl, URI processorUrl, String victim) {
        FetcherClient fetcher = new FetcherClient(fetcherUrl);
        ProcessorClient processor = new ProcessorClient(processorUrl);
        String runId = fetcher.startRun(List.of());
        err.println("  run " + runId + " started");
        int doneAtKill = 0;
        if (victim != null) {
            doneAtKill = awaitTasksDone(fetcher, runId);
            compose.docker("kill", victim);
            err.printf(
                    "  killed %s with %d tasks done; its open transaction holds the run back until the broker"
                            + " aborts it (the fetcher's transaction.timeout.ms, 2 minutes)%n",
                    victim, doneAtKill);
        }
        RunWatcher watcher = new RunWatcher(fetcher, processor, guard(compose), new Every5Seconds(err));
        watcher.awaitCompletion(runId, timeout);
        try (InputStream report = processor
                .report(runId)
                .orElseThrow(() ->
                        new PipelineFailure("the processor says run " + runId + " is complete but serves no report"))) {
            ReportSummary summary = ReportReader.read(report, "the report of run " + runId);
            TaskCounts tasks = fetcher.tasks(runId);
            err.printf("  report: %s; tasks done by %s%n", figures(summary), tasks.doneBy());
            return new RunResult(summary, tasks, doneAtKill);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Waits until the run has done a few tasks and has more to do: a moment that is surely mid-run. */
    private int awaitTasksDone(FetcherClient fetcher, String runId) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            TaskCounts tasks = fetcher.tasks(runId);
            if (!tasks.running()) {
                throw new PipelineFailure(
                        "run %s was %s before a fetcher could be killed in it (%d of %d tasks done); try more --products"
                                .formatted(runId, tasks.stateName(), tasks.done(), tasks.planned()));
            }
            if (tasks.done() >= KILL_AFTER_TASKS && tasks.done() < tasks.planned()) {
                return tasks.done();
            }
            sleep(Duration.ofMillis(50));
        }
        throw new PipelineFailure("run " + runId + " did not get under way within " + timeout);
    }

    private ExpectedReport expected(boolean faultsSpent) {
        try {
            return ExpectedReport.forDefaultSources(products, faultsSpent);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new PipelineFailure("interrupted", ex);
        } catch (Exception ex) {
            throw new PipelineFailure("cannot compute the expected report from the generator: " + ex, ex);
        }
    }

    private static void requireMatch(String run, ExpectedReport expected, ReportSummary actual) {
        List<String> differences = expected.differences(actual);
        if (!differences.isEmpty()) {
            throw new PipelineFailure(run + "'s report (" + actual.runId() + ") differs from the generated data: "
                    + String.join("; ", differences));
        }
    }

    /** The figures a crash must not change: all but the request counts. */
    private static List<String> sameFigures(ReportSummary first, ReportSummary second) {
        List<String> changed = new ArrayList<>();
        compare(changed, Summary.TOTAL_PRODUCTS, first.totalProducts(), second.totalProducts());
        compare(changed, Summary.TOTAL_ERRORS, first.totalErrors(), second.totalErrors());
        compare(changed, Summary.SUCCESS_RATE, first.successRate(), second.successRate());
        compare(changed, Metrics.PRICE_METRICS, first.prices(), second.prices());
        compare(changed, Metrics.CATEGORY_DISTRIBUTION, first.categories(), second.categories());
        return changed;
    }

    private static void compare(List<String> changed, String figure, Object first, Object second) {
        if (!Objects.equals(first, second)) {
            changed.add(figure + " " + first + " then " + second);
        }
    }

    private static String figures(ReportSummary summary) {
        PriceMetrics prices = summary.prices();
        return "%d products, %d errors, %d prices (min %s, max %s, average %s, median %s), %d categories, %d requests"
                .formatted(
                        summary.totalProducts(),
                        summary.totalErrors(),
                        prices.validPriceCount(),
                        prices.min(),
                        prices.max(),
                        prices.average(),
                        prices.median(),
                        summary.categories().size(),
                        requests(summary));
    }

    private static long requests(ReportSummary summary) {
        return summary.requestsPerSource().values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }

    private ServiceGuard guard(Compose compose) {
        return new ServiceGuard() {
            @Override
            public void ensureRunning() {
                // the containers are compose's; a dead one shows as a run that does not finish
            }

            @Override
            public PipelineFailure failure(String service, String reason) {
                String composeService = service.startsWith("fetcher") ? FETCHER : PROCESSOR;
                return new PipelineFailure("the " + service + " " + reason, compose.logTail(composeService));
            }
        };
    }

    /** Once, from whichever comes first: the end of the check, or Ctrl-C's shutdown hook; the other waits for it. */
    private synchronized boolean bringDown(Compose compose, AtomicBoolean done) {
        if (!done.compareAndSet(false, true)) {
            return true;
        }
        try {
            timed(
                    "down",
                    "bringing the stack down (docker compose down -v)",
                    () -> compose.run("down", "-v", "--remove-orphans", "--timeout", "30"));
            return true;
        } catch (RuntimeException ex) {
            err.println("  " + oneLine(ex.getMessage()));
            err.flush();
            return false;
        }
    }

    private void timed(String name, String what, Runnable step) {
        timed(name, what, () -> {
            step.run();
            return null;
        });
    }

    private <T> T timed(String name, String what, Supplier<T> step) {
        err.println(what + "...");
        err.flush();
        long started = System.nanoTime();
        try {
            return step.get();
        } finally {
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            timings.put(name, took);
            err.println("  " + name + ": " + seconds(took));
            err.flush();
        }
    }

    private Path writeOverride(PipelineHome home) {
        Path override = home.runtimeDir().resolve("docker").resolve("compose-check.override.yml");
        try {
            Files.createDirectories(override.getParent());
            Files.writeString(override, """
                    # Written by `pipeline compose-check`: the stand-in upstream serves more DummyJSON
                    # products than its default, so that a run lasts long enough to kill a fetcher in it.
                    services:
                      upstream:
                        command: ["--products", "%d"]
                    """.formatted(products));
            return override;
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + override, ex);
        }
    }

    private static Path freshLog(Path log) {
        try {
            Files.createDirectories(log.getParent());
            Files.deleteIfExists(log);
            return log;
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + log, ex);
        }
    }

    private void print(LogExcerpt excerpt) {
        err.printf("last %d lines of %s:%n", excerpt.lines().size(), excerpt.log());
        excerpt.lines().forEach(line -> err.println("  " + line));
        err.flush();
    }

    private static String seconds(Duration duration) {
        return "%.1f s".formatted(duration.toMillis() / 1000.0);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new PipelineFailure("interrupted", ex);
        }
    }

    /** What a run's report said, and its tasks as the fetcher saw them. */
    record RunResult(ReportSummary summary, TaskCounts tasks, int tasksDoneAtKill) {}

    /** A plain progress line when something changed (at most every 5 s), else every 30 s. */
    private static final class Every5Seconds implements dev.pipeline.cli.run.ProgressListener {

        private final PrintWriter err;
        private long last;
        private String lastLine = "";

        Every5Seconds(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void onProgress(dev.pipeline.cli.run.RunSnapshot progress) {
            long now = System.nanoTime();
            String line = "%s: fetcher %s, %d items; processor %d products, %d errors"
                    .formatted(
                            progress.fetch().runId(),
                            progress.fetch().stateName(),
                            progress.fetch().itemsFetched(),
                            progress.productsProcessed(),
                            progress.errorsProcessed());
            long quiet = line.equals(lastLine)
                    ? Duration.ofSeconds(30).toNanos()
                    : Duration.ofSeconds(5).toNanos();
            if (now - last >= quiet) {
                last = now;
                lastLine = line;
                err.println("  " + line);
                err.flush();
            }
        }
    }
}
