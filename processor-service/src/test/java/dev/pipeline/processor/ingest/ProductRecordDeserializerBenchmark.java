package dev.pipeline.processor.ingest;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.Topics;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.internals.RecordHeaders;
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
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;

/**
 * A product record's value read as the products listener reads it: by {@link ProductRecordDeserializer}
 * ({@code fast}) and by Spring's {@code JacksonJsonDeserializer} configured as before ({@code canonical}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx256m"})
public class ProductRecordDeserializerBenchmark {

    private static final Map<String, Object> CONFIG = Map.of(
            "spring.json.value.default.type", ProductRecord.class.getName(),
            "spring.json.use.type.headers", "false",
            "spring.json.trusted.packages", "dev.pipeline.common");

    private byte[] value;
    private ProductRecordDeserializer fast;
    private JacksonJsonDeserializer<ProductRecord> canonical;

    @Setup
    public void setUp() {
        value = PipelineJson.mapper()
                .writeValueAsBytes(new ProductRecord(
                        ProductRecord.CURRENT_VERSION,
                        "run-20261123T120000Z-1a2b3c",
                        "dummyjson",
                        "734519",
                        "Handcrafted Wireless Headphones",
                        129.99,
                        "mobile-accessories",
                        "http://127.0.0.1:40123/dummyjson/products?limit=100&skip=734500",
                        Instant.parse("2026-11-23T12:00:01.123456Z"),
                        Map.of()));
        fast = new ProductRecordDeserializer();
        fast.configure(CONFIG, false);
        canonical = new JacksonJsonDeserializer<>();
        canonical.configure(CONFIG, false);
    }

    @Benchmark
    public ProductRecord fast() {
        return fast.deserialize(Topics.PRODUCTS, new RecordHeaders(), value);
    }

    @Benchmark
    public ProductRecord canonical() {
        return canonical.deserialize(Topics.PRODUCTS, new RecordHeaders(), value);
    }
}
