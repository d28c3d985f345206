package dev.pipeline.bench;

import dev.pipeline.cli.run.ServiceJson;
import dev.pipeline.cli.stack.LocalStack;
import dev.pipeline.cli.stack.PipelineHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code pipeline bench}: for each size, a fresh local stack, one run end to end, then Kafka's own
 * producer and consumer rate on the same broker; tables of every figure on stdout, and the same as
 * Markdown and JSON under {@code --out}.
 */
@Command(
        name = "bench",
        description = {
            "Measure the pipeline end to end against Kafka's own produce and consume rate on the same broker: "
                    + "records/s, the ratio, fetch requests/s, last record to report, peak heap and RSS of every process.",
            "Each size gets a fresh broker, stand-in upstream and services (-Xmx256m each). See BENCHMARKS.md."
        })
public final class BenchCommand implements Callable<Integer> {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Option(
            names = "--records",
            split = ",",
            paramLabel = "N",
            converter = RecordCount.class,
            description = "Products to run end to end, one run each, e.g. 10k,100k,1M (default: 1000000; 0: none).")
    List<Long> records = new ArrayList<>(List.of(1_000_000L));

    @Option(names = "--seed-workload", description = "Also run the seed workload: --seed-pages pages of 1-10 items.")
    boolean seedWorkload;

    @Option(
            names = "--seed-pages",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Pages of the seed workload (default: ${DEFAULT-VALUE}).")
    int seedPages;

    @Option(
            names = "--page-size",
            paramLabel = "N",
            defaultValue = "100",
            description = "Products per upstream page (default: ${DEFAULT-VALUE}).")
    int pageSize;

    @Option(
            names = "--workers",
            paramLabel = "N",
            defaultValue = "16",
            description = "Pages in flight at once: the fetcher's workers and bulkhead (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(
            names = "--warmup-pages",
            paramLabel = "N",
            defaultValue = "100",
            description = "Pages of an unmeasured run before each measured one, so the services are warm "
                    + "(default: ${DEFAULT-VALUE}; 0: measure cold services).")
    int warmupPages;

    @Option(
            names = "--train-aot",
            description = "Before the first workload, unless they have them already: an unmeasured run of "
                    + AOT_TRAINING_RECORDS + " products (the dummyjson source, pages of 100) on a stack whose "
                    + "fetcher and processor record their workload AOT caches, JIT profiles included, as they "
                    + "exit; every later stack of the same jars starts from those (see BENCHMARKS.md, issue #16's "
                    + "fifth round).")
    boolean trainAot;

    @Option(
            names = "--instances",
            paramLabel = "N",
            split = ",",
            defaultValue = "1",
            description = "Fetcher and processor instances, N of each, sharing each run; several (e.g. 1,2) "
                    + "measure each workload once per count, side by side (default: ${DEFAULT-VALUE}).")
    List<Integer> instances;

    @Option(
            names = "--profile",
            description = "Record the fetcher and processor with JFR during each run and print "
                    + "where their CPU time went (costs some throughput: profile and measure in separate runs).")
    boolean profile;

    @Option(
            names = "--no-item",
            description = "Fetch with fields.item.keep: false, records without the item (the mapped fields only): "
                    + "what carrying the whole item costs is the difference to a run without it.")
    boolean noItem;

    @Option(names = "--keep-reports", description = "Keep the pipeline's reports (a million products is ~200 MB).")
    boolean keepReports;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Where results, sources files, reports and JFR recordings go (default: .pipeline/bench).")
    Path out;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "PT15M",
            converter = DurationText.class,
            description = "Give up on one run after this long, e.g. 90s, 15m (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(
            names = "--sample-interval",
            paramLabel = "DURATION",
            defaultValue = "200ms",
            converter = DurationText.class,
            description = "How often RSS and the processor's consumed count are sampled during a run "
                    + "(default: ${DEFAULT-VALUE}), and every 5th time the services' heap: one small "
                    + "/actuator/prometheus request to the processor per sample, one to the fetcher per 5.")
    Duration sampleInterval;

    @Option(names = "--json", description = "Print the results as JSON instead of Markdown tables.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        List<Workload> workloads = workloads();
        Path dir = outputDir(PipelineHome.locate());
        PipelineHome home = JarSnapshot.of(PipelineHome.locate(), dir.resolve("home"));
        say("service jars copied to " + home.root() + "; logs in " + home.logsDir());
        if (trainAot) {
            trainAotCaches(home, dir);
        }
        List<WorkloadResult> results = new ArrayList<>();
        Instant started = Instant.now();
        for (Workload workload : workloads) {
            for (int count : instances) {
                WorkloadRun runner = new WorkloadRun(
                        home,
                        dir,
                        new WorkloadRun.Options(
                                workers, timeout, profile, keepReports, warmupPages, sampleInterval, count),
                        this::say);
                Workload run = workload.withInstances(count);
                results.add(runner.run(noItem ? run.withoutItem() : run));
            }
        }
        String tables = header(started) + BenchTables.render(results);
        Path markdown = dir.resolve("bench-" + STAMP.format(started) + ".md");
        Path jsonFile = dir.resolve("bench-" + STAMP.format(started) + ".json");
        Files.writeString(markdown, tables);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("started_at", started.toString());
        document.put("machine", BenchTables.machine());
        document.put(
                "options",
                Map.of(
                        "page_size",
                        pageSize,
                        "workers",
                        workers,
                        "profile",
                        profile,
                        "warmup_pages",
                        warmupPages,
                        "sample_interval_ms",
                        sampleInterval.toMillis(),
                        "instances",
                        instances,
                        "service_jvm_options",
                        servicesJvm()));
        document.put("results", results);
        ServiceJson.MAPPER.writerWithDefaultPrettyPrinter().writeValue(jsonFile.toFile(), document);
        PrintWriter stdout = spec.commandLine().getOut();
        if (json) {
            stdout.println(ServiceJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(document));
        } else {
            stdout.print(tables);
            stdout.println();
            stdout.println("results: " + markdown + " and " + jsonFile);
        }
        stdout.flush();
        return 0;
    }

    private List<Workload> workloads() {
        if (pageSize < 1 || pageSize > 1000) {
            throw new ParameterException(
                    spec.commandLine(), "--page-size must be 1 to 1000 (the stand-in's cap), not " + pageSize);
        }
        if (instances.stream().anyMatch(n -> n < 1 || n > 4)) {
            throw new ParameterException(spec.commandLine(), "--instances must be 1 to 4 each, not " + instances);
        }
        if (workers < 1 || workers > 1024) {
            throw new ParameterException(spec.commandLine(), "--workers must be 1 to 1024, not " + workers);
        }
        if (warmupPages < 0 || warmupPages > 100_000) {
            throw new ParameterException(spec.commandLine(), "--warmup-pages must be 0 to 100000, not " + warmupPages);
        }
        if (seedPages < 1 || seedPages > 1_000_000) {
            throw new ParameterException(spec.commandLine(), "--seed-pages must be 1 to 1000000, not " + seedPages);
        }
        List<Workload> workloads = new ArrayList<>();
        records.stream()
                .filter(n -> n > 0)
                .distinct()
                .sorted()
                .forEach(n -> workloads.add(Workload.products(n, pageSize)));
        if (seedWorkload) {
            workloads.add(Workload.seed(seedPages));
        }
        if (workloads.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "nothing to run: give --records N or --seed-workload");
        }
        return workloads;
    }

    private Path outputDir(PipelineHome home) {
        Path dir = (out == null ? home.runtimeDir().resolve("bench") : out)
                .toAbsolutePath()
                .normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException ex) {
            throw new ParameterException(spec.commandLine(), "--out " + dir + " cannot be created: " + ex.getMessage());
        }
        return dir;
    }

    private String header(Instant started) {
        return ("## pipeline bench, %s\n\n%s CPUs, JDK %s, %s; services %s; pages of %d; %d workers; %s")
                        .formatted(
                                started,
                                Runtime.getRuntime().availableProcessors(),
                                Runtime.version(),
                                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                                String.join(" ", servicesJvm()),
                                pageSize,
                                workers,
                                warmupPages > 0
                                        ? "warm services (an unmeasured run of " + warmupPages + " pages first)"
                                        : "cold services (no warm-up run)")
                + "; sampled every %d ms\n\n".formatted(sampleInterval.toMillis());
    }

    /** The services' heap and the options {@code PIPELINE_SERVICE_JVM_OPTIONS} adds to them (see LocalStack). */
    static List<String> servicesJvm() {
        List<String> options = new ArrayList<>(List.of("-Xmx256m"));
        options.addAll(LocalStack.serviceJvmOptions());
        return options;
    }

    /** Products of the workload cache's training run: as many as {@code --records 10k}'s. */
    static final int AOT_TRAINING_RECORDS = 10_000;

    /**
     * One unmeasured workload, the {@code dummyjson} source's (not the seed's, so that the seed
     * workload is not measured on profiles of itself), on a stack that records the services'
     * workload caches as it stops; nothing when the jars have them already.
     */
    private void trainAotCaches(PipelineHome home, Path dir) {
        if (!LocalStack.lacksWorkloadCaches(home)) {
            say("the services' workload AOT caches are made already");
            return;
        }
        say("recording the services' workload AOT caches (once per build): an unmeasured run of " + AOT_TRAINING_RECORDS
                + " products");
        System.setProperty(LocalStack.RECORD_WORKLOAD_CACHES, "true");
        try {
            new WorkloadRun(
                            home,
                            dir.resolve("aot-training"),
                            new WorkloadRun.Options(workers, timeout, false, false, warmupPages, sampleInterval, 1),
                            this::say)
                    .run(Workload.products(AOT_TRAINING_RECORDS, 100));
        } finally {
            System.clearProperty(LocalStack.RECORD_WORKLOAD_CACHES);
        }
        if (LocalStack.lacksWorkloadCaches(home)) {
            say("the training made no workload AOT cache: the services start from their start-up caches");
        }
    }

    private void say(String line) {
        spec.commandLine().getErr().println(line);
        spec.commandLine().getErr().flush();
    }

    /** {@code 10000}, {@code 10_000}, {@code 10k} or {@code 1M}. */
    static final class RecordCount implements ITypeConverter<Long> {

        @Override
        public Long convert(String value) {
            String text = value.strip().replace("_", "").toLowerCase(Locale.ROOT);
            long factor = 1;
            if (text.endsWith("k")) {
                factor = 1_000;
                text = text.substring(0, text.length() - 1);
            } else if (text.endsWith("m")) {
                factor = 1_000_000;
                text = text.substring(0, text.length() - 1);
            }
            try {
                long count = Math.multiplyExact(Long.parseLong(text), factor);
                if (count < 0 || count > Integer.MAX_VALUE) {
                    throw new TypeConversionException(
                            "'" + value + "' is not a record count from 0 to " + Integer.MAX_VALUE);
                }
                return count;
            } catch (NumberFormatException | ArithmeticException ex) {
                throw new TypeConversionException("'" + value + "' is not a record count such as 10000, 10k or 1M");
            }
        }
    }

    /** 90s, 15m, PT15M: the same spellings as {@code run --timeout}. */
    static final class DurationText implements ITypeConverter<Duration> {

        @Override
        public Duration convert(String value) {
            String text = value.strip().toUpperCase(Locale.ROOT);
            try {
                if (text.startsWith("P")) {
                    return Duration.parse(text);
                }
                if (text.endsWith("MS")) {
                    return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
                }
                long amount = Long.parseLong(text.substring(0, text.length() - 1));
                return switch (text.charAt(text.length() - 1)) {
                    case 'S' -> Duration.ofSeconds(amount);
                    case 'M' -> Duration.ofMinutes(amount);
                    case 'H' -> Duration.ofHours(amount);
                    default ->
                        throw new TypeConversionException("'" + value + "' is not a duration such as 90s or 15m");
                };
            } catch (RuntimeException ex) {
                if (ex instanceof TypeConversionException conversion) {
                    throw conversion;
                }
                throw new TypeConversionException("'" + value + "' is not a duration such as 90s or 15m");
            }
        }
    }
}
