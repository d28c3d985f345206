package dev.pipeline.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** The benchmark's results as Markdown tables: one per workload, the cost curve, and the targets. */
final class BenchTables {

    // #16's targets, each as measured by one `./pipeline bench` run.
    static final double MIN_RATIO = 0.4;
    static final double MILLION_SECONDS = 15;
    static final double SEED_SECONDS = 1.5;
    static final double REPORT_SECONDS = 1;
    /** CPU per product at 1M, in µs, for the processes that have a target. */
    static final Map<String, Double> CPU_MICROS_PER_RECORD =
            Map.of(Service.FETCHER, 10.0, Service.PROCESSOR, 10.0, Service.BROKER, 8.0);

    static final long HEAP_LIMIT = 256L * 1024 * 1024;
    /** "Flat": old gen (or heap) at the largest size at most this many times that at the smallest. */
    static final double FLAT_FACTOR = 1.5;

    private BenchTables() {}

    static String render(List<WorkloadResult> results) {
        StringBuilder out = new StringBuilder();
        for (WorkloadResult result : results) {
            out.append(workload(result)).append('\n');
        }
        List<WorkloadResult> products = productRuns(results);
        if (products.size() > 1) {
            out.append(curve(products)).append('\n');
        }
        out.append(targets(results));
        for (WorkloadResult result : results) {
            result.profiles().forEach((service, lines) -> {
                out.append("\n#### JFR: ")
                        .append(service)
                        .append(", ")
                        .append(result.title())
                        .append("\n\n```\n");
                lines.forEach(line -> out.append(line).append('\n'));
                out.append("```\n");
            });
        }
        return out.toString();
    }

    static String workload(WorkloadResult r) {
        StringBuilder out = new StringBuilder();
        out.append("### ").append(r.title()).append("\n\n");
        out.append("| figure | value |\n|---|---|\n");
        row(out, "run", "`" + r.runId() + "`");
        row(
                out,
                "report",
                "%s products, %s errors (expected %s products); %s"
                        .formatted(
                                count(r.reportProducts()),
                                count(r.reportErrors()),
                                count(r.expectedProducts()),
                                mib(r.reportBytes())));
        row(out, "**end to end** (trigger → report on disk)", "**%s s**".formatted(decimal(r.endToEndSeconds(), 2)));
        row(out, "**end-to-end rate**", "**%s records/s**".formatted(count(Math.round(r.endToEndRecordsPerSecond()))));
        row(
                out,
                "Kafka producer (ProducerPerformance, %d B records, acks=all)".formatted(Math.round(r.recordBytes())),
                "%s records/s (%s MB/s, %s ms avg latency)"
                        .formatted(
                                count(Math.round(r.producer().recordsPerSecond())),
                                decimal(r.producer().megabytesPerSecond(), 1),
                                decimal(r.producer().averageLatencyMs(), 1)));
        row(
                out,
                "Kafka consumer (ConsumerPerformance, fetch only; incl. group join)",
                "%s records/s; %s records/s"
                        .formatted(
                                count(Math.round(r.consumer().fetchRecordsPerSecond())),
                                count(Math.round(r.consumer().recordsPerSecond()))));
        row(out, "**ratio** end-to-end ÷ min(producer, consumer)", "**%s**".formatted(percent(r.ratioToMin())));
        row(out, "ratio end-to-end ÷ 1/(1/producer + 1/consumer)", percent(r.ratioToSerial()));
        row(
                out,
                "fetch (fetcher's run time)",
                "%s requests, %s pages, %s items in %s s: **%s requests/s**"
                        .formatted(
                                count(r.fetchRequests()),
                                count(r.pagesFetched()),
                                count(r.itemsFetched()),
                                decimal(r.fetchSeconds(), 2),
                                count(Math.round(r.fetchRequestsPerSecond()))));
        row(out, "last record consumed → report on disk", lastConsumed(r));
        row(
                out,
                "report write (`pipeline.report.write` timer)",
                r.reportWriteSeconds() == null ? "n/a" : decimal(r.reportWriteSeconds(), 3) + " s");
        row(
                out,
                "products topic",
                "%d partitions, %d B per record (key + value, mean)"
                        .formatted(r.partitions(), Math.round(r.recordBytes())));
        row(out, "machine load (1-min average, trigger → report)", r.loadAverage());
        out.append('\n');
        out.append("| process | peak heap used | peak old gen | live data after GC | peak RSS (VmHWM) | CPU during run "
                + "| CPU per product | of it, JIT compiler | GC pauses (count, total) |\n");
        out.append("|---|---|---|---|---|---|---|---|---|\n");
        for (String service : Service.ALL) {
            ServiceFigures s = r.service(service);
            if (s == null) {
                continue;
            }
            out.append("| ")
                    .append(service)
                    .append(" | ")
                    .append(mib(s.peakHeapBytes()))
                    .append(" | ")
                    .append(mib(s.peakOldGenBytes()))
                    .append(" | ")
                    .append(mib(s.peakLiveDataBytes()))
                    .append(" | ")
                    .append(mib(s.peakRssBytes()))
                    .append(" | ")
                    .append(s.cpuSeconds() == null ? "n/a" : decimal(s.cpuSeconds(), 1) + " s")
                    .append(" | ")
                    .append(micros(cpuMicrosPerRecord(r, service)))
                    .append(" | ")
                    .append(micros(jitMicrosPerRecord(r, service)))
                    .append(" | ")
                    .append(
                            s.gcPauses() == null
                                    ? "n/a"
                                    : "%d, %s s".formatted(s.gcPauses(), decimal(s.gcPauseSeconds(), 3)))
                    .append(" |\n");
        }
        return out.toString();
    }

    static String curve(List<WorkloadResult> products) {
        StringBuilder out = new StringBuilder("### Cost curve\n\n");
        out.append(
                "| records | end to end | records/s | ÷ min(p, c) | ÷ 1/(1/p+1/c) | fetch req/s | last record → report "
                        + "| fetcher heap peak / old gen | processor heap peak / old gen | fetcher RSS | processor RSS "
                        + "| CPU per product: fetcher / processor / upstream / broker |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (WorkloadResult r : products) {
            ServiceFigures fetcher = r.service(Service.FETCHER);
            ServiceFigures processor = r.service(Service.PROCESSOR);
            out.append("| %s | %s s | %s | %s | %s | %s | %s | %s / %s | %s / %s | %s | %s | %s |\n"
                    .formatted(
                            count(r.reportProducts()),
                            decimal(r.endToEndSeconds(), 2),
                            count(Math.round(r.endToEndRecordsPerSecond())),
                            percent(r.ratioToMin()),
                            percent(r.ratioToSerial()),
                            count(Math.round(r.fetchRequestsPerSecond())),
                            lastConsumed(r),
                            mib(fetcher.peakHeapBytes()),
                            mib(fetcher.peakOldGenBytes()),
                            mib(processor.peakHeapBytes()),
                            mib(processor.peakOldGenBytes()),
                            mib(fetcher.peakRssBytes()),
                            mib(processor.peakRssBytes()),
                            String.join(
                                    " / ",
                                    Service.ALL.stream()
                                            .map(service -> micros(cpuMicrosPerRecord(r, service)))
                                            .toList())));
        }
        return out.toString();
    }

    static String targets(List<WorkloadResult> results) {
        StringBuilder out = new StringBuilder("### Targets\n\n| target | measured | verdict |\n|---|---|---|\n");
        for (WorkloadResult r : productRuns(results)) {
            double ratio = r.ratioToMin();
            target(
                    out,
                    "end to end ≥ %s of min(producer, consumer), %s"
                            .formatted(percent(MIN_RATIO).replace(".0 ", " "), count(r.reportProducts())),
                    percent(ratio),
                    ratio >= MIN_RATIO
                            ? "met"
                            : "missed by %s points (%sx short)"
                                    .formatted(decimal(100 * (MIN_RATIO - ratio), 1), decimal(MIN_RATIO / ratio, 1)));
        }
        results.stream()
                .filter(r -> !isSeed(r) && r.reportProducts() == 1_000_000)
                .findFirst()
                .ifPresent(r -> target(
                        out,
                        "1,000,000 products end to end ≤ " + decimal(MILLION_SECONDS, 0) + " s",
                        decimal(r.endToEndSeconds(), 2) + " s",
                        within(r.endToEndSeconds(), MILLION_SECONDS, "s")));
        results.stream()
                .filter(BenchTables::isSeed)
                .forEach(r -> target(
                        out,
                        "seed workload (" + count(r.pagesFetched()) + " pages) ≤ " + decimal(SEED_SECONDS, 1)
                                + " s from the trigger to the report on disk",
                        decimal(r.endToEndSeconds(), 2) + " s",
                        within(r.endToEndSeconds(), SEED_SECONDS, "s")));
        results.stream()
                .filter(r -> !isSeed(r) && !isScaledOut(r) && r.reportProducts() == 1_000_000)
                .findFirst()
                .ifPresent(r -> Service.ALL.stream()
                        .filter(CPU_MICROS_PER_RECORD::containsKey)
                        .forEach(service -> {
                            Double measured = cpuMicrosPerRecord(r, service);
                            double limit = CPU_MICROS_PER_RECORD.get(service);
                            target(
                                    out,
                                    "%s CPU per product at 1,000,000 ≤ %s".formatted(service, micros(limit)),
                                    micros(measured),
                                    measured == null ? "not measured" : within(measured, limit, "µs"));
                        }));
        for (WorkloadResult r : results) {
            String verdict;
            if (r.lastConsumedToReportMaxSeconds() == null) {
                verdict = "not measured";
            } else if (r.lastConsumedToReportMaxSeconds() <= REPORT_SECONDS) {
                verdict = "met";
            } else if (r.lastConsumedToReportMinSeconds() > REPORT_SECONDS) {
                verdict = "missed by at least %s s"
                        .formatted(decimal(r.lastConsumedToReportMinSeconds() - REPORT_SECONDS, 2));
            } else {
                verdict = "within the 200 ms sampling of 1 s: undecided";
            }
            target(out, "report on disk ≤ 1 s after the last record, " + r.title(), lastConsumed(r), verdict);
        }
        for (String service : Service.SPRING) {
            long peak = results.stream()
                    .map(r -> r.service(service))
                    .filter(Objects::nonNull)
                    .map(ServiceFigures::peakHeapBytes)
                    .filter(Objects::nonNull)
                    .mapToLong(Long::longValue)
                    .max()
                    .orElse(-1);
            target(
                    out,
                    service + " heap ≤ 256 MiB (peak used, every workload)",
                    mib(peak < 0 ? null : peak),
                    peak < 0
                            ? "not measured"
                            : peak <= HEAP_LIMIT
                                    ? "met (the services run with -Xmx256m)"
                                    : "missed by " + mib(peak - HEAP_LIMIT));
        }
        // Heap growth is compared between sizes on one instance of each service, not across instance counts.
        List<WorkloadResult> products =
                productRuns(results).stream().filter(r -> !isScaledOut(r)).toList();
        if (products.size() > 1) {
            WorkloadResult small = products.getFirst();
            WorkloadResult large = products.getLast();
            for (String service : Service.SPRING) {
                flat(out, service, small, large, ServiceFigures::peakOldGenBytes, "peak old gen");
                flat(out, service, small, large, ServiceFigures::peakHeapBytes, "peak heap used");
            }
        }
        return out.toString();
    }

    private static void flat(
            StringBuilder out,
            String service,
            WorkloadResult small,
            WorkloadResult large,
            Function<ServiceFigures, Long> figure,
            String what) {
        Long from = figure.apply(small.service(service));
        Long to = figure.apply(large.service(service));
        String name = "%s heap flat from %s to %s records (%s)"
                .formatted(service, count(small.reportProducts()), count(large.reportProducts()), what);
        if (from == null || to == null || from <= 0) {
            target(out, name, "n/a", "not measured");
            return;
        }
        double factor = (double) to / from;
        target(
                out,
                name,
                "%s → %s (%sx)".formatted(mib(from), mib(to), decimal(factor, 2)),
                factor <= FLAT_FACTOR
                        ? "flat (≤ %sx)".formatted(decimal(FLAT_FACTOR, 1))
                        : "grows %sx (more than %sx)".formatted(decimal(factor, 2), decimal(FLAT_FACTOR, 1)));
    }

    /**
     * A process's CPU time during the measured run (trigger → report) per product in the report, in
     * µs; null when either is unknown.
     */
    static Double cpuMicrosPerRecord(WorkloadResult r, String service) {
        ServiceFigures figures = r.service(service);
        if (figures == null || figures.cpuSeconds() == null || r.reportProducts() <= 0) {
            return null;
        }
        return figures.cpuSeconds() * 1e6 / r.reportProducts();
    }

    /** Of {@link #cpuMicrosPerRecord}, what the process's JIT compiler threads used. */
    static Double jitMicrosPerRecord(WorkloadResult r, String service) {
        ServiceFigures figures = r.service(service);
        if (figures == null || figures.jitCpuSeconds() == null || r.reportProducts() <= 0) {
            return null;
        }
        return figures.jitCpuSeconds() * 1e6 / r.reportProducts();
    }

    private static String micros(Double value) {
        return value == null ? "n/a" : decimal(value, 1) + " µs";
    }

    private static String within(double measured, double limit, String unit) {
        return measured <= limit
                ? "met"
                : "missed by %s %s (%sx the target)"
                        .formatted(decimal(measured - limit, 2), unit, decimal(measured / limit, 1));
    }

    static List<WorkloadResult> productRuns(List<WorkloadResult> results) {
        List<WorkloadResult> products =
                new ArrayList<>(results.stream().filter(r -> !isSeed(r)).toList());
        products.sort(Comparator.comparingLong(WorkloadResult::reportProducts));
        return products;
    }

    /** A run by several fetchers and processors ({@link Workload#withInstances}). */
    static boolean isScaledOut(WorkloadResult result) {
        return result.workload().matches(".*-\\d+x");
    }

    static boolean isSeed(WorkloadResult result) {
        return result.workload().startsWith("seed");
    }

    private static String lastConsumed(WorkloadResult r) {
        if (r.lastConsumedToReportMinSeconds() == null) {
            return "n/a";
        }
        return "%s–%s s"
                .formatted(
                        decimal(Math.max(0, r.lastConsumedToReportMinSeconds()), 2),
                        decimal(r.lastConsumedToReportMaxSeconds(), 2));
    }

    private static void row(StringBuilder out, String figure, String value) {
        out.append("| ").append(figure).append(" | ").append(value).append(" |\n");
    }

    private static void target(StringBuilder out, String target, String measured, String verdict) {
        out.append("| ")
                .append(target)
                .append(" | ")
                .append(measured)
                .append(" | ")
                .append(verdict)
                .append(" |\n");
    }

    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    static String decimal(double value, int places) {
        return String.format(Locale.ROOT, "%,." + places + "f", value);
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * ratio);
    }

    static String mib(Long bytes) {
        return bytes == null || bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f MiB", bytes / 1048576.0);
    }

    static Map<String, Object> machine() {
        return Map.of(
                "cpus",
                Runtime.getRuntime().availableProcessors(),
                "jdk",
                Runtime.version().toString(),
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }
}
