package dev.pipeline.processor.catalog;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.Topics;
import dev.pipeline.processor.changes.Changes;
import dev.pipeline.processor.changes.ChangesSection;
import dev.pipeline.processor.run.RunStore;
import dev.pipeline.processor.run.SortKey;
import dev.pipeline.processor.stats.RunHistory;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.util.FileSystemUtils;

/**
 * A timing harness, not a test (run it under the machine lock, see BENCHMARKS.md): a catalogue that
 * has read a run of {@code n} products (timed: the reader's cost per record with versions), then a
 * second run of them, about 1 % each repriced, recategorised, removed and added, and the second
 * run's {@code changes} computed three times (timed: wall and thread CPU), beside a plain pass
 * over the run's store values for scale (what the report's figures pass reads).
 * {@code java -Xmx256m -cp <processor classes, test class path> dev.pipeline.processor.catalog.ChangesHarness [n]}
 */
public final class ChangesHarness {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("changes-harness");
        var threads = ManagementFactory.getThreadMXBean();
        Method open = RunStore.class.getDeclaredMethod("open", Path.class);
        open.setAccessible(true);
        Method put = RunStore.class.getDeclaredMethod("putProduct", byte[].class, byte[].class);
        put.setAccessible(true);
        Method encode = Class.forName("dev.pipeline.processor.run.StoredProduct")
                .getDeclaredMethod("encode", ProductRecord.class, Instant.class);
        encode.setAccessible(true);
        try (CatalogStore catalog = CatalogStore.open(dir.resolve("catalog"));
                RunStore store = (RunStore) open.invoke(null, dir.resolve("run"))) {
            SplittableRandom random = new SplittableRandom(1);
            long offset = 0;
            long readNanos = 0;
            long readCpu = 0;
            List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
            for (int id = 0; id < n; id++) {
                batch.add(record((int) (offset % 3), offset++, "run-1", id, price(id, 0), "category-" + id % 20));
                if (batch.size() == 500 || id == n - 1) {
                    long c0 = threads.getCurrentThreadCpuTime();
                    long w0 = System.nanoTime();
                    catalog.write(batch, Map.of());
                    readNanos += System.nanoTime() - w0;
                    readCpu += threads.getCurrentThreadCpuTime() - c0;
                    batch.clear();
                }
            }
            System.out.printf(
                    "catalogue writes of run 1 (records made outside the timing): %d ms wall, %d ms cpu (%.2f us/record)%n",
                    readNanos / 1_000_000, readCpu / 1_000_000, readNanos / 1000.0 / n);
            Map<Integer, Long> start = Map.of(0, offset, 1, offset, 2, offset);
            for (int id = 0; id < n + n / 100; id++) {
                if (id % 100 == 3 && id < n) {
                    continue; // removed
                }
                double price = id % 100 == 1 ? price(id, 1) : price(id, 0);
                String category = id % 100 == 2 ? "category-new" : "category-" + id % 20;
                ProductRecord product = product("run-2", id, price, category);
                put.invoke(
                        store,
                        SortKey.of("dummyjson", product.externalId()),
                        encode.invoke(null, product, Instant.now()));
                if (id % 2 == 0) { // the catalogue has read half of run 2's own records by the report
                    batch.add(record((int) (offset % 3), offset++, "run-2", id, price, category));
                    if (batch.size() == 500) {
                        catalog.write(batch, Map.of());
                        batch.clear();
                    }
                }
            }
            catalog.write(batch, Map.of());
            RunEvent.Started started =
                    new RunEvent.Started("run-2", List.of("dummyjson"), Instant.now(), start, List.of("dummyjson:p0"));
            RunHistory.History earlier = new RunHistory.History(
                    "run-1", Map.of("dummyjson", new RunHistory.SourceHistory("run-1", Set.of("run-1"))));
            for (int round = 0; round < 3; round++) {
                long cc = threads.getCurrentThreadCpuTime();
                long wc = System.nanoTime();
                ChangesSection section;
                try (VersionCursor cursor = catalog.versions()) {
                    section = Changes.compare(cursor, store, started, earlier);
                }
                long changesWall = System.nanoTime() - wc;
                long changesCpu = threads.getCurrentThreadCpuTime() - cc;
                long cp = threads.getCurrentThreadCpuTime();
                long wp = System.nanoTime();
                ByteBuffer scratch = ByteBuffer.allocate(16 * 1024);
                long[] sum = {0};
                store.forEachProductValue(scratch, value -> sum[0] += value.limit());
                System.out.printf(
                        "round %d: changes %d ms wall, %d ms cpu; plain pass over the store %d ms wall, %d ms cpu%n",
                        round,
                        changesWall / 1_000_000,
                        changesCpu / 1_000_000,
                        (System.nanoTime() - wp) / 1_000_000,
                        (threads.getCurrentThreadCpuTime() - cp) / 1_000_000);
                if (round == 0) {
                    java.io.StringWriter text = new java.io.StringWriter();
                    try (var out = PipelineJson.mapper().createGenerator(text)) {
                        out.writeStartObject();
                        section.write(out);
                        out.writeEndObject();
                    }
                    System.out.println(text.toString()
                            .substring(0, Math.min(700, text.toString().length())));
                }
            }
        } finally {
            FileSystemUtils.deleteRecursively(dir);
        }
    }

    private static double price(int id, int generation) {
        return (id * 7919L % 100_000) / 100.0 + generation;
    }

    private static ProductRecord product(String runId, int id, double price, String category) {
        return new ProductRecord(
                1,
                runId,
                "dummyjson",
                Integer.toString(id),
                "Handcrafted Wireless Headphones " + id,
                price,
                category,
                "http://127.0.0.1:40123/dummyjson/products?limit=100&skip=" + id / 100 * 100,
                Instant.parse("2026-11-23T12:00:01.123456Z"),
                Map.of());
    }

    private static ConsumerRecord<byte[], byte[]> record(
            int partition, long offset, String runId, int id, double price, String category) {
        ProductRecord product = product(runId, id, price, category);
        return new ConsumerRecord<>(
                Topics.PRODUCTS,
                partition,
                offset,
                product.key().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                PipelineJson.mapper().writeValueAsBytes(product));
    }
}
