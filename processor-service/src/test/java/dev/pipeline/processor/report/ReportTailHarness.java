package dev.pipeline.processor.report;

import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.Topics;
import dev.pipeline.processor.ProcessorProperties;
import dev.pipeline.processor.run.HarnessLedgers;
import dev.pipeline.processor.run.OpenRun;
import dev.pipeline.processor.run.RunLedger;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.common.TopicPartition;

/**
 * A timing harness, not a test (run it under the machine lock, see BENCHMARKS.md): a run of a million
 * products in a real ledger, then its report written a few times by {@link ReportWriter}, with wall
 * time and the writing thread's CPU time per write.
 * {@code java -Xmx256m -cp <processor test class path> dev.pipeline.processor.report.ReportTailHarness [n] [rounds] [dir]}
 */
public final class ReportTailHarness {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path root = args.length > 2
                ? Files.createTempDirectory(Path.of(args[2]), "report-tail")
                : Files.createTempDirectory("report-tail");
        var threads = ManagementFactory.getThreadMXBean();
        ProcessorProperties properties = new ProcessorProperties(
                root.resolve("out"),
                root.resolve("work"),
                Duration.ofSeconds(1),
                Duration.ofHours(12),
                64,
                ProcessorProperties.DEFAULT_MAX_PRICE,
                5,
                Duration.ofSeconds(1));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RunLedger ledger = HarnessLedgers.ledger(properties, meters);
        String runId = "run-1";
        ledger.event(
                new RunEvent.Started(
                        runId, List.of("dummyjson"), Instant.now(), Map.of(0, 0L), List.of("dummyjson:p0")),
                new TopicPartition(Topics.RUNS, 0),
                0);
        SplittableRandom random = new SplittableRandom(1);
        long t0 = System.nanoTime();
        long[] offsets = new long[3];
        for (int id = 0; id < n; id++) {
            int page = id / 100;
            ProductRecord product = new ProductRecord(
                    1,
                    runId,
                    "dummyjson",
                    Integer.toString(id),
                    "Handcrafted Wireless Headphones " + id,
                    random.nextInt(100_000) / 100.0,
                    "category-" + random.nextInt(20),
                    "http://127.0.0.1:40123/dummyjson/products?limit=100&skip=" + page * 100,
                    Instant.parse("2026-11-23T12:00:01.123456Z"),
                    Map.of());
            int p = id % 3;
            ledger.product(product, new TopicPartition(Topics.PRODUCTS, p), offsets[p]++);
        }
        System.out.printf("fill %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        OpenRun run = ledger.find(runId).orElseThrow();
        ReportWriter writer = new ReportWriter(ledger);
        long[] marks = new long[2];
        writer.fault = (r, part) -> marks[part.equals("metrics") ? 0 : 1] = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            Path report = writer.write(run);
            long w1 = System.nanoTime();
            long c1 = threads.getCurrentThreadCpuTime();
            System.out.printf(
                    "round %d: report %d MiB in %d ms (thread cpu %d ms): figures %d ms, summary %d ms, rest %d ms%n",
                    round,
                    Files.size(report) >> 20,
                    (w1 - w0) / 1_000_000,
                    (c1 - c0) / 1_000_000,
                    (marks[0] - w0) / 1_000_000,
                    (marks[1] - marks[0]) / 1_000_000,
                    (w1 - marks[1]) / 1_000_000);
        }
    }
}
