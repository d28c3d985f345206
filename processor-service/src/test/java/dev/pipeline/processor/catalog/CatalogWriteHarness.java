package dev.pipeline.processor.catalog;

import dev.pipeline.common.ProductKey;
import dev.pipeline.common.Topics;
import dev.pipeline.processor.ingest.ConsumePathHarness;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.util.FileSystemUtils;

/**
 * A timing harness, not a test (run it under the machine lock, see BENCHMARKS.md): what the
 * catalogue's store costs the whole process (RocksDB's flushes and compactions included, on native
 * threads) per record read, for a first run of {@code n} products (every key new) and a second run of
 * the same keys (every key's versions read and moved on), in the reader's batches of 1,000 over three
 * partitions. The records are made before each run's timing.
 * {@code java -Xmx3g -cp <processor test class path> dev.pipeline.processor.catalog.CatalogWriteHarness [n]}
 */
public final class CatalogWriteHarness {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Path dir = Files.createTempDirectory("catalog-harness");
        long offset = 0;
        try (CatalogStore store = CatalogStore.open(dir.resolve("catalog"))) {
            for (String runId : List.of("run-20261123T120000Z-1a2b3c", "run-20261123T130000Z-4d5e6f")) {
                List<List<ConsumerRecord<byte[], byte[]>>> batches = new ArrayList<>();
                List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
                for (int id = 0; id < n; id++) {
                    int page = id / 100;
                    batch.add(new ConsumerRecord<>(
                            Topics.PRODUCTS,
                            page % 3,
                            offset++,
                            ProductKey.of("dummyjson", Integer.toString(id)).getBytes(StandardCharsets.UTF_8),
                            ConsumePathHarness.record(runId, page, id)));
                    if (batch.size() == 1000) {
                        batches.add(batch);
                        batch = new ArrayList<>();
                    }
                }
                Map<String, Long> before = ConsumePathHarness.threadTicks();
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                long next = offset;
                for (List<ConsumerRecord<byte[], byte[]>> records : batches) {
                    store.write(records, Map.of(0, next, 1, next, 2, next));
                }
                long t1 = System.nanoTime();
                long cpu1 = os.getProcessCpuTime();
                Thread.sleep(5_000); // the flushes and compactions of what was written
                long cpu2 = os.getProcessCpuTime();
                Map<String, Long> used = new TreeMap<>();
                ConsumePathHarness.threadTicks()
                        .forEach((name, ticks) -> used.merge(name, ticks - before.getOrDefault(name, 0L), Long::sum));
                used.values().removeIf(ticks -> ticks == 0);
                System.out.printf(
                        "%s, %d records: writes %d ms, process cpu %d ms during them + %d ms settling"
                                + " (%.2f us/record in all)%n  cpu by thread (10 ms ticks): %s%n",
                        runId,
                        n,
                        (t1 - t0) / 1_000_000,
                        (cpu1 - cpu0) / 1_000_000,
                        (cpu2 - cpu1) / 1_000_000,
                        (cpu2 - cpu0) / 1e3 / n,
                        used);
            }
        } finally {
            FileSystemUtils.deleteRecursively(dir);
        }
    }
}
