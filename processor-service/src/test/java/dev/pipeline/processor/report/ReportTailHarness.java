package dev.pipeline.processor.report;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.Topics;
import dev.pipeline.processor.ProcessorProperties;
import dev.pipeline.processor.TestProcessorProperties;
import dev.pipeline.processor.catalog.HarnessCatalogs;
import dev.pipeline.processor.changes.Changes;
import dev.pipeline.processor.changes.ChangesSection;
import dev.pipeline.processor.changes.HarnessChanges;
import dev.pipeline.processor.run.HarnessLedgers;
import dev.pipeline.processor.run.OpenRun;
import dev.pipeline.processor.run.RunLedger;
import dev.pipeline.processor.stats.HarnessHistories;
import dev.pipeline.processor.store.LocalReportStore;
import dev.pipeline.processor.store.Stored;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A timing harness, not a test (run it under the machine lock, see BENCHMARKS.md): a run of a million
 * products in a real ledger, then its report written a few times by {@link ReportWriter}, with wall
 * time and the writing thread's CPU time per write, then its {@code changes} alone. The catalogue
 * ({@code catalogue}: {@code previous}, the default, or {@code empty}) holds an earlier run of the
 * same items, one in a hundred at another price, so every product is compared; or nothing, as
 * when a source is fetched for the first time (every product {@code added}).
 * {@code java -Xmx256m -cp <processor test class path> dev.pipeline.processor.report.ReportTailHarness [n] [rounds] [dir] [catalogue]}
 */
public final class ReportTailHarness {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path root = args.length > 2
                ? Files.createTempDirectory(Path.of(args[2]), "report-tail")
                : Files.createTempDirectory("report-tail");
        boolean previous = args.length <= 3 || args[3].equals("previous");
        var threads = ManagementFactory.getThreadMXBean();
        ProcessorProperties properties = TestProcessorProperties.under(root);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RunLedger ledger = HarnessLedgers.ledger(properties, meters);
        HarnessCatalogs.Filled catalog = HarnessCatalogs.open(root.resolve("catalog"), properties, ledger);
        long t0 = System.nanoTime();
        long[] offsets = new long[3];
        if (previous) {
            List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
            SplittableRandom random = new SplittableRandom(1);
            for (int id = 0; id < n; id++) {
                ProductRecord product = product("run-0", id, random, id % 100 == 1 ? 1 : 0);
                int p = id % 3;
                batch.add(new ConsumerRecord<>(
                        Topics.PRODUCTS,
                        p,
                        offsets[p]++,
                        product.key().getBytes(StandardCharsets.UTF_8),
                        PipelineJson.mapper().writeValueAsBytes(product)));
                if (batch.size() == 500 || id == n - 1) {
                    catalog.write(batch, Map.of());
                    batch.clear();
                }
            }
        }
        String runId = "run-1";
        ledger.event(
                new RunEvent.Started(
                        runId,
                        List.of("dummyjson"),
                        Instant.now(),
                        Map.of(0, offsets[0], 1, offsets[1], 2, offsets[2]),
                        List.of("dummyjson:p0")),
                new TopicPartition(Topics.RUNS, 0),
                0);
        SplittableRandom random = new SplittableRandom(1);
        for (int id = 0; id < n; id++) {
            int p = id % 3;
            ledger.product(product(runId, id, random, 0), new TopicPartition(Topics.PRODUCTS, p), offsets[p]++);
        }
        System.out.printf(
                "fill %d ms (catalogue: %s)%n", (System.nanoTime() - t0) / 1_000_000, previous ? "previous" : "empty");
        OpenRun run = ledger.find(runId).orElseThrow();
        Changes changes = HarnessChanges.of(catalog, HarnessHistories.of(properties));
        ReportWriter writer = new ReportWriter(new LocalReportStore(properties), changes);
        long[] marks = new long[2];
        writer.fault = (r, part) -> marks[part.equals("metrics") ? 0 : 1] = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            Stored report = writer.write(run);
            long w1 = System.nanoTime();
            long c1 = threads.getCurrentThreadCpuTime();
            System.out.printf(
                    "round %d: report %d MiB in %d ms (thread cpu %d ms): figures %d ms, summary %d ms, rest %d ms%n",
                    round,
                    report.bytes() >> 20,
                    (w1 - w0) / 1_000_000,
                    (c1 - c0) / 1_000_000,
                    (marks[0] - w0) / 1_000_000,
                    (marks[1] - marks[0]) / 1_000_000,
                    (w1 - marks[1]) / 1_000_000);
        }
        for (int round = 0; round < 2; round++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            ChangesSection section = changes.of(run);
            System.out.printf(
                    "changes alone: %d ms (thread cpu %d ms)%s%n",
                    (System.nanoTime() - w0) / 1_000_000,
                    (threads.getCurrentThreadCpuTime() - c0) / 1_000_000,
                    round == 0 ? ": " + text(section) : "");
        }
        catalog.close();
    }

    private static String text(ChangesSection section) {
        StringWriter text = new StringWriter();
        try (var out = PipelineJson.mapper().createGenerator(text)) {
            out.writeStartObject();
            section.write(out);
            out.writeEndObject();
        }
        return text.toString().substring(0, Math.min(400, text.toString().length()));
    }

    /** The same item in every run from a random of the same seed; {@code shift} added to its price. */
    private static ProductRecord product(String runId, int id, SplittableRandom random, int shift) {
        return new ProductRecord(
                1,
                runId,
                "dummyjson",
                Integer.toString(id),
                "Handcrafted Wireless Headphones " + id,
                random.nextInt(100_000) / 100.0 + shift,
                "category-" + random.nextInt(20),
                "http://127.0.0.1:40123/dummyjson/products?limit=100&skip=" + id / 100 * 100,
                Instant.parse("2026-11-23T12:00:01.123456Z"),
                Map.of());
    }
}
