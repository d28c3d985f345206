package dev.pipeline.common.bench;

import dev.pipeline.common.PipelineJson;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * The wire format's hot path: a product record to the JSON bytes the fetcher publishes, and back
 * to a record as the processor reads it, with the mapper both services use ({@link PipelineJson}).
 * The record is shaped like one from the stand-in's DummyJSON products (no extra attributes).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx256m"})
public class ProductRecordJsonBenchmark {

    private JsonMapper mapper;
    private ProductRecord record;
    private byte[] json;

    @Setup
    public void setUp() {
        mapper = PipelineJson.mapper();
        record = sample();
        json = mapper.writeValueAsBytes(record);
    }

    /** A typical product as the fetcher maps it from the stand-in's DummyJSON shape. */
    public static ProductRecord sample() {
        return new ProductRecord(
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
    }

    @Benchmark
    public byte[] serialise() {
        return mapper.writeValueAsBytes(record);
    }

    @Benchmark
    public ProductRecord deserialise() {
        return mapper.readValue(json, ProductRecord.class);
    }

    @Benchmark
    public ProductRecord roundTrip() {
        return mapper.readValue(mapper.writeValueAsBytes(record), ProductRecord.class);
    }
}
