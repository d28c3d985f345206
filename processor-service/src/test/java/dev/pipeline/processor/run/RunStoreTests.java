package dev.pipeline.processor.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A record read twice counts once, whether the count is kept as records are stored or made over the keys. */
class RunStoreTests {

    @Test
    void recordsReadInRisingOrderAreCountedAsStored() throws IOException {
        try (RunStore store =
                RunStore.open(Files.createTempDirectory("run-store").resolve("store"))) {
            for (long offset = 0; offset < 1000; offset += 3) {
                store.putRecordRead(0, offset);
                store.putRecordRead(1, offset + 1);
                store.putRecordRead(2, offset * 2);
            }
            assertThat(store.recordsRead()).isEqualTo(3 * 334).isEqualTo(keys(store));
        }
    }

    /** A product and where it was read go in one write; each write holds its own two entries only. */
    @Test
    void productsStoredWithWhereTheyWereReadHoldEachOnce() throws IOException {
        try (RunStore store =
                RunStore.open(Files.createTempDirectory("run-store").resolve("store"))) {
            for (long offset = 0; offset < 300; offset++) {
                byte[] key = ("p" + (offset % 200)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                store.putProductRead(
                        key, new byte[] {(byte) offset}, (int) (offset % 3), offset, "try-" + (offset % 2));
            }
            // Read again (a replay), and by a try that does not count.
            store.putProductRead(new byte[] {'q'}, new byte[] {1}, 0, 0, "try-0");
            assertThat(store.productCount()).isEqualTo(201);
            assertThat(store.recordsRead("try-1"::equals)).isEqualTo(150);
            assertThat(store.recordsRead()).isEqualTo(300).isEqualTo(keys(store));
            java.util.Map<String, Byte> values = new java.util.HashMap<>();
            store.forEachProduct(
                    (key, value) -> values.put(new String(key, java.nio.charset.StandardCharsets.UTF_8), value[0]));
            assertThat(values)
                    .containsEntry("p0", (byte) 200)
                    .containsEntry("p199", (byte) 199)
                    .containsEntry("q", (byte) 1);
        }
    }

    @Test
    void recordsReadAgainCountOnce() throws IOException {
        try (RunStore store =
                RunStore.open(Files.createTempDirectory("run-store").resolve("store"))) {
            for (long offset = 0; offset < 100; offset++) {
                store.putRecordRead(0, offset);
                store.putRecordRead(1, offset);
            }
            // A replay of partition 1 from offset 50, as after a restart or a rebalance.
            for (long offset = 50; offset < 120; offset++) {
                store.putRecordRead(1, offset);
            }
            assertThat(store.recordsRead()).isEqualTo(100 + 120);
        }
    }

    @Test
    void recordsReadOutOfOrderCountOnce() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        try (RunStore store =
                RunStore.open(Files.createTempDirectory("run-store").resolve("store"))) {
            java.util.Set<Long> distinct = new java.util.HashSet<>();
            for (int i = 0; i < 2000; i++) {
                long offset = random.nextLong(1000);
                store.putRecordRead(4, offset);
                distinct.add(offset);
            }
            assertThat(store.recordsRead()).isEqualTo(distinct.size());
        }
    }

    /**
     * A run's store is written once and read once: it is never compacted (each compaction rewrote
     * most of a large run's store again), and still reads every product once, in key order, the last
     * write of a key winning, across the files its write buffers were flushed to.
     */
    @Test
    void manyWriteBuffersOfProductsAreReadInKeyOrderWithoutCompaction() throws IOException {
        SplittableRandom random = new SplittableRandom(16);
        byte[] value = new byte[1000];
        java.util.TreeMap<String, Integer> written = new java.util.TreeMap<>();
        try (RunStore store =
                RunStore.open(Files.createTempDirectory("run-store").resolve("store"))) {
            // 60,000 products of 1 kB in no key order: seven 8 MB write buffers, more than the four files
            // at which RocksDB would compact them, with a key written again now and then.
            for (int i = 0; i < 60_000; i++) {
                String key = "p" + random.nextInt(50_000);
                random.nextBytes(value);
                value[0] = (byte) i;
                store.putProduct(key.getBytes(java.nio.charset.StandardCharsets.UTF_8), value);
                written.put(key, i);
            }
            long[] files = store.productFilesByLevel();
            assertThat(files[0]).as("files at level 0").isGreaterThan(4);
            assertThat(java.util.Arrays.stream(files, 1, files.length).sum())
                    .as("files compacted to a lower level")
                    .isZero();
            java.util.List<String> keys = new java.util.ArrayList<>();
            java.util.Map<String, Byte> last = new java.util.HashMap<>();
            store.forEachProduct((key, stored) -> {
                String name = new String(key, java.nio.charset.StandardCharsets.UTF_8);
                keys.add(name);
                last.put(name, stored[0]);
            });
            assertThat(keys).containsExactlyElementsOf(written.keySet());
            written.forEach((key, i) -> assertThat(last.get(key)).as(key).isEqualTo((byte) (int) i));
        }
    }

    @Test
    void aStoreWithNoRecordsReadHasNone() throws IOException {
        Path directory = Files.createTempDirectory("run-store").resolve("store");
        try (RunStore store = RunStore.open(directory)) {
            assertThat(store.recordsRead()).isZero();
        }
    }

    /** The count over the keys, as the store made it before it kept one. */
    private static long keys(RunStore store) {
        long[] count = new long[1];
        // Force the count over the keys: a record read again makes the store count them.
        store.putRecordRead(0, 0);
        count[0] = store.recordsRead();
        return count[0];
    }
}
