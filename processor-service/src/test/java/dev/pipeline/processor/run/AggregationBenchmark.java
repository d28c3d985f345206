package dev.pipeline.processor.run;

import dev.pipeline.common.ProductRecord;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The processor's per-record work once a record is read: its store key ({@code SortKey.of}), its
 * stored form ({@code StoredProduct.encode}, which pre-renders the report's JSON), and reading that
 * back when the report is written ({@code StoredProduct.decode}). In the package of the code it
 * measures, so it calls the package-private methods directly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx256m"})
public class AggregationBenchmark {

    private ProductRecord product;
    private Instant processedAt;
    private byte[] stored;

    @Setup
    public void setUp() {
        product = new ProductRecord(
                ProductRecord.CURRENT_VERSION,
                "run-20261123T120000Z-1a2b3c",
                "dummyjson",
                "734519",
                "Handcrafted Wireless Headphones",
                129.99,
                "mobile-accessories",
                "http://127.0.0.1:40123/dummyjson/products?limit=100&skip=734500",
                Instant.parse("2026-11-23T12:00:01.123456Z"),
                Map.of());
        processedAt = Instant.parse("2026-11-23T12:00:02.5Z");
        stored = encode();
    }

    @Benchmark
    public byte[] sortKeyNumericId() {
        return SortKey.of("dummyjson", "734519");
    }

    @Benchmark
    public byte[] sortKeyTextId() {
        return SortKey.of("reqres", "user-4f2a9c");
    }

    @Benchmark
    public byte[] encode() {
        return StoredProduct.encode(product, processedAt);
    }

    @Benchmark
    public StoredProduct decode() {
        return StoredProduct.decode(stored);
    }
}
