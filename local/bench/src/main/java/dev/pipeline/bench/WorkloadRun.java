package dev.pipeline.bench;

import dev.pipeline.cli.report.ReportReader;
import dev.pipeline.cli.report.ReportSummary;
import dev.pipeline.cli.run.FetchRun;
import dev.pipeline.cli.run.FetcherClient;
import dev.pipeline.cli.run.ProcessedRun;
import dev.pipeline.cli.run.ProcessorClient;
import dev.pipeline.cli.run.ServiceJson;
import dev.pipeline.cli.stack.Durations;
import dev.pipeline.cli.stack.LocalStack;
import dev.pipeline.cli.stack.PipelineFailure;
import dev.pipeline.cli.stack.PipelineHome;
import dev.pipeline.cli.stack.StackSettings;
import dev.pipeline.common.report.ReportFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One workload on a fresh local stack (broker, stand-in upstream, processor, fetcher, each
 * {@code -Xmx256m} as {@code pipeline run} starts them): trigger a run, wait for its report while
 * sampling every process, then measure Kafka's own rate on the same broker, then stop everything.
 */
final class WorkloadRun {

    /** How often the report's appearance is checked: the resolution of the end-to-end time. */
    private static final Duration REPORT_CHECK = Duration.ofMillis(20);

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final int RECORD_SIZE_SAMPLE = 20_000;

    /** How the benchmark runs each workload. */
    /** @param instances fetcher and processor instances each (heap and RSS are sampled for the first of each) */
    record Options(
            int workers,
            Duration timeout,
            boolean profile,
            boolean keepReports,
            int warmupPages,
            Duration sampleInterval,
            int instances) {}

    private final PipelineHome home;
    private final Path workDir;
    private final Options options;
    private final Consumer<String> say;
    private long warmupRecords;

    WorkloadRun(PipelineHome home, Path workDir, Options options, Consumer<String> say) {
        this.home = home;
        this.workDir = workDir;
        this.options = options;
        this.say = say;
    }

    WorkloadResult run(Workload workload) {
        warmupRecords = 0;
        Path reports = workDir.resolve("reports");
        Path sourcesFile = workDir.resolve(workload.name() + "-sources.json");
        try {
            Files.createDirectories(reports);
            List<Map<String, Object>> sources = options.warmupPages() > 0
                    ? List.of(workload.source(), workload.warmupSource(options.warmupPages()))
                    : List.of(workload.source());
            ServiceJson.MAPPER
                    .writerWithDefaultPrettyPrinter()
                    .writeValue(sourcesFile.toFile(), Map.of("sources", sources));
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot prepare " + workDir, ex);
        }
        StackSettings settings = StackSettings.of(null, reports)
                .withUpstreamArgs(workload.upstreamArgs())
                .withFetcherArgs(fetcherArgs(sourcesFile))
                .withInstances(options.instances(), options.instances());
        say.accept("== " + workload.title());
        try (LocalStack stack = LocalStack.start(home, settings, say)) {
            return measure(workload, stack, settings.outputDir());
        }
    }

    /** Only the workload's source, with the limits that would otherwise throttle a benchmark lifted. */
    private List<String> fetcherArgs(Path sourcesFile) {
        return List.of(
                "--pipeline.sources-file=" + sourcesFile.toAbsolutePath(),
                "--pipeline.fetch.workers=" + options.workers(),
                "--resilience4j.bulkhead.configs.default.max-concurrent-calls=" + options.workers(),
                "--resilience4j.ratelimiter.configs.default.limit-for-period=1000000");
    }

    private WorkloadResult measure(Workload workload, LocalStack stack, Path reportsDir) {
        Map<String, Long> pids = ServicePids.find();
        FetcherClient fetcher = new FetcherClient(stack.fetcherUrl());
        ProcessorClient processor = new ProcessorClient(stack.processorUrl());
        Map<String, URI> actuators = new LinkedHashMap<>();
        actuators.put(Service.FETCHER, stack.fetcherUrl());
        actuators.put(Service.PROCESSOR, stack.processorUrl());
        if (options.warmupPages() > 0) {
            warmUp(workload, stack, fetcher, processor, reportsDir);
        }
        JfrProfile profile =
                options.profile() ? JfrProfile.start(springPids(pids), workDir, workload.name(), home.logsDir()) : null;

        ServiceSampler sampler = ServiceSampler.start(options.sampleInterval(), actuators, pids, workload.records());
        String loadAtTrigger = loadAverage();
        long triggered = System.nanoTime();
        String runId;
        long reportSeen;
        try {
            runId = fetcher.startRun(List.of(workload.sourceName()));
            say.accept("run " + runId + " started");
            reportSeen =
                    awaitReport(ReportFiles.report(reportsDir, runId), runId, stack, fetcher, processor, triggered);
        } finally {
            sampler.close();
        }
        say.accept("sampling: %d actuator requests during the run (%s failed)"
                .formatted(sampler.scrapes(), sampler.scrapeFailures()));
        double endToEnd = (reportSeen - triggered) / 1e9;
        String load = loadAtTrigger + " → " + loadAverage();
        Map<String, ServiceFigures> services = sampler.figures();
        Map<String, List<String>> profiles = new LinkedHashMap<>();
        if (profile != null) {
            profile.stop().forEach((service, recording) -> {
                profiles.put(service, JfrProfile.summarise(recording));
                say.accept("JFR recording of the " + service + ": " + recording);
            });
        }
        Path report = ReportFiles.report(reportsDir, runId);
        FetchRun fetched = awaitFetchEnded(fetcher, runId);
        ReportSummary summary = ReportReader.read(report);
        long reportBytes = size(report);
        Optional<long[]> lastConsumed = sampler.lastConsumedWindow();
        Double reportWrite = ServiceSampler.scrape(stack.processorUrl())
                .flatMap(text -> {
                    var sum = text.sum("pipeline_report_write_seconds_sum");
                    return sum.isPresent() ? Optional.of(sum.getAsDouble()) : Optional.empty();
                })
                .orElse(null);
        if (!options.keepReports()) {
            JfrProfile.deleteQuietly(report);
        }

        String bootstrap = stack.bootstrapServers();
        int partitions = RecordSizes.partitions(bootstrap, RecordSizes.PRODUCTS_TOPIC);
        KafkaPerf perf = new KafkaPerf(KafkaPerf.classpath(home), bootstrap, home.logsDir());
        long records = summary.totalProducts();
        // the warm-up's records come first on every partition: read past them, keep the measured run's
        double recordBytes = perf.averageRecordBytes(
                RecordSizes.PRODUCTS_TOPIC,
                Math.min(records, RECORD_SIZE_SAMPLE) + warmupRecords,
                workload.sourceName() + ":");
        say.accept("end to end %.2f s for %,d products; Kafka baseline: %,d records of %d B on %d partitions"
                .formatted(endToEnd, records, records, Math.round(recordBytes), partitions));
        perf.createTopic(partitions);
        KafkaPerf.Produced produced = perf.produce(records, (int) Math.round(recordBytes));
        say.accept("ProducerPerformance: %,.0f records/s".formatted(produced.recordsPerSecond()));
        KafkaPerf.Consumed consumed = perf.consume(records);
        say.accept("ConsumerPerformance: %,.0f records/s (%,.0f without the group join)"
                .formatted(consumed.recordsPerSecond(), consumed.fetchRecordsPerSecond()));

        long pages = fetched.sources().stream().mapToLong(s -> s.pages()).sum();
        long requests = fetched.sources().stream().mapToLong(s -> s.requests()).sum();
        return new WorkloadResult(
                workload.name(),
                workload.title(),
                runId,
                workload.records() > 0 ? workload.records() : fetched.itemsFetched(),
                summary.totalProducts(),
                summary.totalErrors(),
                fetched.itemsFetched(),
                pages,
                requests,
                endToEnd,
                seconds(fetched),
                lastConsumed.map(window -> (reportSeen - window[1]) / 1e9).orElse(null),
                lastConsumed.map(window -> (reportSeen - window[0]) / 1e9).orElse(null),
                reportWrite,
                reportBytes,
                recordBytes,
                partitions,
                produced,
                consumed,
                services,
                profiles,
                load);
    }

    /** One unmeasured run of the warm-up source; its report is deleted. */
    private void warmUp(
            Workload workload, LocalStack stack, FetcherClient fetcher, ProcessorClient processor, Path reportsDir) {
        long started = System.nanoTime();
        String runId = fetcher.startRun(List.of(workload.sourceName() + "-warmup"));
        Path report = ReportFiles.report(reportsDir, runId);
        awaitReport(report, runId, stack, fetcher, processor, started);
        warmupRecords = awaitFetchEnded(fetcher, runId).itemsFetched();
        JfrProfile.deleteQuietly(report);
        say.accept("warm-up run %s: %,d records in %.2f s (not measured)"
                .formatted(runId, warmupRecords, (System.nanoTime() - started) / 1e9));
    }

    private static Map<String, Long> springPids(Map<String, Long> pids) {
        Map<String, Long> spring = new LinkedHashMap<>();
        Service.SPRING.forEach(service -> {
            if (pids.containsKey(service)) {
                spring.put(service, pids.get(service));
            }
        });
        return spring;
    }

    /** Returns the {@code System.nanoTime()} at which the report file was first seen. */
    private long awaitReport(
            Path report,
            String runId,
            LocalStack stack,
            FetcherClient fetcher,
            ProcessorClient processor,
            long triggered) {
        long deadline = triggered + options.timeout().toNanos();
        long nextCheck = triggered;
        long nextProgress = triggered + PROGRESS_EVERY.toNanos();
        while (true) {
            if (Files.exists(report)) {
                return System.nanoTime();
            }
            long now = System.nanoTime();
            if (now >= nextCheck) {
                stack.ensureRunning();
                nextCheck = now + Duration.ofMillis(500).toNanos();
            }
            if (now >= nextProgress) {
                FetchRun fetch = fetcher.run(runId);
                if (fetch.failed()) {
                    throw stack.failure("fetcher", "reports run " + runId + " as FAILED");
                }
                long processed =
                        processor.run(runId).map(ProcessedRun::productsConsumed).orElse(0L);
                say.accept("  %5.1f s: fetch %s, %,d items; processed %,d"
                        .formatted((now - triggered) / 1e9, fetch.stateName(), fetch.itemsFetched(), processed));
                nextProgress = now + PROGRESS_EVERY.toNanos();
            }
            if (now > deadline) {
                throw stack.failure(
                        "processor",
                        "had not written the report of run %s after %s"
                                .formatted(runId, Durations.describe(options.timeout())));
            }
            try {
                Thread.sleep(REPORT_CHECK);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new PipelineFailure("interrupted while waiting for the report", ex);
            }
        }
    }

    /** The fetcher marks the run FETCHED once its last task is done; the report cannot precede that by much. */
    private static FetchRun awaitFetchEnded(FetcherClient fetcher, String runId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        FetchRun run = fetcher.run(runId);
        while (run.finishedAt() == null && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
            run = fetcher.run(runId);
        }
        return run;
    }

    private static double seconds(FetchRun run) {
        if (run.startedAt() == null || run.finishedAt() == null) {
            return 0;
        }
        return Duration.between(Instant.parse(run.startedAt()), Instant.parse(run.finishedAt()))
                        .toNanos()
                / 1e9;
    }

    /** The 1-minute load average, or "n/a" without /proc. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0];
        } catch (IOException | RuntimeException ex) {
            return "n/a";
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException ex) {
            return -1;
        }
    }
}
