package dev.pipeline.processor.run;

import dev.pipeline.common.ProductRecord;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A timing harness, not a test (run it under the machine lock, see BENCHMARKS.md): fills a run store
 * with a million products in the order pages arrive (interleaved) and times what a report of it
 * reads: the records-read count, a pass over the product values, a count of the product keys.
 * {@code java -Xmx256m -cp <common and processor classes, test class path> dev.pipeline.processor.run.StoreTailHarness [n]}
 */
public final class StoreTailHarness {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("tail-harness");
        var threads = ManagementFactory.getThreadMXBean();
        try (RunStore store = RunStore.open(dir.resolve("store"))) {
            SplittableRandom random = new SplittableRandom(1);
            int pages = n / 100;
            int[] order = new int[pages];
            for (int i = 0; i < pages; i++) order[i] = i;
            for (int i = pages - 1; i > 0; i--) { // pages interleave within windows of 48
                int j = Math.max(0, i - random.nextInt(48));
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            long t0 = System.nanoTime();
            long offset = 0;
            for (int page : order) {
                for (int k = 0; k < 100; k++) {
                    int id = page * 100 + k;
                    ProductRecord product = new ProductRecord(
                            1,
                            "run-1",
                            "dummyjson",
                            Integer.toString(id),
                            "Handcrafted Wireless Headphones " + id,
                            random.nextInt(100_000) / 100.0,
                            "category-" + random.nextInt(20),
                            "http://127.0.0.1:40123/dummyjson/products?limit=100&skip=" + page * 100,
                            Instant.parse("2026-11-23T12:00:01.123456Z"),
                            Map.of());
                    store.putProduct(
                            SortKey.of("dummyjson", product.externalId()),
                            StoredProduct.encode(product, Instant.now()));
                    store.putRecordRead((int) (offset % 3), offset++);
                }
            }
            System.out.printf("fill %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            for (int round = 0; round < 3; round++) {
                long c0 = threads.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                long read = store.recordsRead();
                long w1 = System.nanoTime();
                long c1 = threads.getCurrentThreadCpuTime();
                long[] sum = new long[1];
                ByteBuffer scratch = ByteBuffer.allocate(64 * 1024);
                long products = store.forEachProductValue(scratch, v -> sum[0] += v.limit());
                long w2 = System.nanoTime();
                long c2 = threads.getCurrentThreadCpuTime();
                long count = store.productCount();
                long w3 = System.nanoTime();
                System.out.printf(
                        "round %d: recordsRead %d in %d ms (cpu %d); value pass %d in %d ms (cpu %d); count %d in %d ms%n",
                        round,
                        read,
                        (w1 - w0) / 1_000_000,
                        (c1 - c0) / 1_000_000,
                        products,
                        (w2 - w1) / 1_000_000,
                        (c2 - c1) / 1_000_000,
                        count,
                        (w3 - w2) / 1_000_000);
            }
        }
    }
}
