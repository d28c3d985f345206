package dev.pipeline.fetcher.bench;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.fetcher.publish.ProductJson;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A product record to the bytes the fetcher sends: {@code productJson} as it does
 * ({@link ProductJson}), {@code beanSerializer} as it did (Jackson's bean serializer, as
 * {@code ProductRecordJsonBenchmark.serialise} in {@code common} measures too), in one JVM.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx256m"})
public class ProductJsonBenchmark {

    private final ProductRecord record = new ProductRecord(
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

    @Benchmark
    public byte[] productJson() {
        return ProductJson.of(record);
    }

    /** A page of 100 records through one {@link ProductJson.Writer}, as the fetcher writes a page's products. */
    @Benchmark
    @OperationsPerInvocation(100)
    public void pageWriter(Blackhole records) {
        try (ProductJson.Writer writer = ProductJson.writer()) {
            for (int i = 0; i < 100; i++) {
                records.consume(writer.of(record));
            }
        }
    }

    /** The same page, {@link ProductJson#of} per record. */
    @Benchmark
    @OperationsPerInvocation(100)
    public void pagePerRecord(Blackhole records) {
        for (int i = 0; i < 100; i++) {
            records.consume(ProductJson.of(record));
        }
    }

    @Benchmark
    public byte[] beanSerializer() {
        return PipelineJson.mapper().writeValueAsBytes(record);
    }
}
