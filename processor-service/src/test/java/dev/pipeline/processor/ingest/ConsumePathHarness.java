package dev.pipeline.processor.ingest;

import dev.pipeline.common.ItemJson;
import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.Topics;
import dev.pipeline.processor.TestProcessorProperties;
import dev.pipeline.processor.run.HarnessLedgers;
import dev.pipeline.processor.run.RunLedger;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A timing harness, not a test (run it under the machine lock, see BENCHMARKS.md): {@link
 * ConsumePathBenchmark}'s consume path from a cold JVM, {@code n} records of one run (pages of 100,
 * each record its own product) read, checked and stored by a real ledger, then the run's products
 * read back once as a report reads them. Unlike JMH it counts the whole process's CPU, so RocksDB's
 * own threads (flushes, compactions: native, invisible to JFR's samples), the JIT and the GC are in
 * the figure, as they are in the processor's CPU per product.
 * {@code java -Xmx256m -cp <processor test class path> dev.pipeline.processor.ingest.ConsumePathHarness [n]}
 */
public final class ConsumePathHarness {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String runId = "run-20261123T120000Z-1a2b3c";
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Path root = Files.createTempDirectory("consume-harness");
        var deserializer = new ErrorHandlingDeserializer<>(new ProductRecordDeserializer());
        deserializer.configure(
                Map.of(
                        "spring.json.value.default.type", ProductRecord.class.getName(),
                        "spring.json.use.type.headers", "false",
                        "spring.json.trusted.packages", "dev.pipeline.common"),
                false);
        RecordHeaders headers = new RecordHeaders();
        headers.add(ProductRecord.ATTEMPT_HEADER, "task-1/try-1".getBytes(StandardCharsets.UTF_8));
        ReadableProducts readable = new ReadableProducts();
        RunLedger ledger = HarnessLedgers.ledger(TestProcessorProperties.under(root), new SimpleMeterRegistry());
        byte[][] page = new byte[100][];
        Map<String, Long> before = threadTicks();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        for (int p = 0; p < n / 100; p++) {
            for (int i = 0; i < 100; i++) {
                page[i] = record(runId, p, p * 100 + i);
            }
            for (int i = 0; i < 100; i++) {
                int partition = p % 3;
                ProductRecord product = readable.check(deserializer.deserialize(Topics.PRODUCTS, headers, page[i]));
                ledger.product(
                        product, new TopicPartition(Topics.PRODUCTS, partition), p * 100L + i, Attempts.of(headers));
            }
        }
        long t1 = System.nanoTime();
        long cpu1 = os.getProcessCpuTime();
        Thread.sleep(3_000); // RocksDB's flushes and compactions of what was written
        long cpu2 = os.getProcessCpuTime();
        Map<String, Long> afterFill = threadTicks();
        long t3 = System.nanoTime();
        long[] bytes = new long[1];
        long products = ledger.find(runId)
                .orElseThrow()
                .withStore(store -> store.forEachProductValue(
                        ByteBuffer.allocate(64 * 1024), value -> bytes[0] += value.remaining()));
        long t4 = System.nanoTime();
        long cpu4 = os.getProcessCpuTime();
        System.out.printf(
                "n %d: fill %d ms, process cpu %d ms (%.2f us/record), +%d ms settling; read back %d products"
                        + " (%d bytes) in %d ms, cpu %d ms%n",
                n,
                (t1 - t0) / 1_000_000,
                (cpu1 - cpu0) / 1_000_000,
                (cpu1 - cpu0) / 1e3 / n,
                (cpu2 - cpu1) / 1_000_000,
                products,
                bytes[0],
                (t4 - t3) / 1_000_000,
                (cpu4 - cpu2) / 1_000_000);
        Map<String, Long> used = new TreeMap<>();
        afterFill.forEach((name, ticks) -> used.merge(name, ticks - before.getOrDefault(name, 0L), Long::sum));
        System.out.println("cpu by thread during fill and settling (10 ms ticks): " + used);
        ledger.openRuns().forEach(ledger::reported);
        FileSystemUtils.deleteRecursively(root);
    }

    /** A product record with an item, as the fetcher writes one for the stand-in's products (also the catalogue's harness's). */
    public static byte[] record(String runId, int page, int id) {
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        item.put("id", id);
        item.put("title", "Handcrafted Wireless Headphones " + id);
        item.put(
                "description",
                "The Handcrafted Wireless Headphones " + id + " is a reliable choice for everyday use, made"
                        + " with care and built to last; customers like its comfort and its sound.");
        item.put("category", "mobile-accessories");
        item.put("price", 129.99 + id % 1000);
        item.put("discountPercentage", 12.5);
        item.put("rating", 4.37);
        item.put("stock", 42 + id % 100);
        item.put("brand", "Acme");
        item.put("sku", "SKU-" + id);
        item.putArray("tags").add("audio").add("wireless");
        return PipelineJson.mapper()
                .writeValueAsBytes(new ProductRecord(
                        ProductRecord.CURRENT_VERSION,
                        runId,
                        "dummyjson",
                        Integer.toString(id),
                        "Handcrafted Wireless Headphones " + id,
                        129.99 + id % 1000,
                        "mobile-accessories",
                        "http://127.0.0.1:40123/dummyjson/products?limit=100&skip=" + page * 100,
                        Instant.parse("2026-11-23T12:00:01.123456Z"),
                        Map.of(),
                        ItemJson.of(item)));
    }

    /** CPU ticks per thread kind (the name without its number), from /proc: native threads included. */
    public static Map<String, Long> threadTicks() throws java.io.IOException {
        Map<String, Long> ticks = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                            .replaceAll("[0-9]+$", "");
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
                } catch (java.io.IOException | RuntimeException gone) {
                    // a thread that ended between the listing and the read
                }
            }
        }
        return ticks;
    }
}
