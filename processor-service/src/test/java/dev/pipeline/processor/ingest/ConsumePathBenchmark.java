package dev.pipeline.processor.ingest;

import dev.pipeline.common.ItemJson;
import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.Topics;
import dev.pipeline.processor.TestProcessorProperties;
import dev.pipeline.processor.run.HarnessLedgers;
import dev.pipeline.processor.run.RunLedger;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A product record on the processor's consume path, as the products listener takes it: its value read
 * as the container reads it ({@code ErrorHandlingDeserializer} over {@link ProductRecordDeserializer}),
 * with an item of the stand-in's DummyJSON shape, as the fetcher publishes it; checked ({@link
 * ReadableProducts}), its try read from its header ({@link Attempts}), then stored in its run by the
 * ledger (a RocksDB store, as in the service). {@code read} is the first step alone. Records come as
 * a page's do: 100 of one run, source and endpoint in a row, each its own product.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx256m"})
public class ConsumePathBenchmark {

    private static final int RECORDS = 1_000;
    private static final TopicPartition PARTITION = new TopicPartition(Topics.PRODUCTS, 0);

    private final byte[][] values = new byte[RECORDS][];
    private RecordHeaders headers;
    private ErrorHandlingDeserializer<ProductRecord> deserializer;
    private final ReadableProducts readable = new ReadableProducts();
    private Path root;
    private RunLedger ledger;
    private long offset;

    @Setup
    public void setUp() throws IOException {
        for (int i = 0; i < RECORDS; i++) {
            int id = 734_500 + i;
            ObjectNode item = JsonNodeFactory.instance.objectNode();
            item.put("id", id);
            item.put("title", "Handcrafted Wireless Headphones " + i);
            item.put(
                    "description",
                    "The Handcrafted Wireless Headphones " + i + " is a reliable choice for everyday use, made"
                            + " with care and built to last; customers like its comfort and its sound.");
            item.put("category", "mobile-accessories");
            item.put("price", 129.99 + i);
            item.put("discountPercentage", 12.5);
            item.put("rating", 4.37);
            item.put("stock", 42 + i);
            item.put("brand", "Acme");
            item.put("sku", "SKU-" + id);
            item.putArray("tags").add("audio").add("wireless");
            ObjectNode dimensions = item.putObject("dimensions");
            dimensions.put("width", 17.5);
            dimensions.put("height", 21.25);
            dimensions.put("depth", 8.1);
            values[i] = PipelineJson.mapper()
                    .writeValueAsBytes(new ProductRecord(
                            ProductRecord.CURRENT_VERSION,
                            "run-20261123T120000Z-1a2b3c",
                            "dummyjson-" + (i / 100),
                            Integer.toString(id),
                            "Handcrafted Wireless Headphones " + i,
                            129.99 + i,
                            "mobile-accessories",
                            "http://127.0.0.1:40123/dummyjson/products?limit=100&skip=" + (i / 100 * 100),
                            Instant.parse("2026-11-23T12:00:01.123456Z"),
                            Map.of(),
                            ItemJson.of(item)));
        }
        headers = new RecordHeaders();
        headers.add(ProductRecord.ATTEMPT_HEADER, "task-1/try-1".getBytes(StandardCharsets.UTF_8));
        deserializer = new ErrorHandlingDeserializer<>(new ProductRecordDeserializer());
        deserializer.configure(
                Map.of(
                        "spring.json.value.default.type", ProductRecord.class.getName(),
                        "spring.json.use.type.headers", "false",
                        "spring.json.trusted.packages", "dev.pipeline.common"),
                false);
        root = Files.createTempDirectory("consume-path");
        ledger = HarnessLedgers.ledger(TestProcessorProperties.under(root), new SimpleMeterRegistry());
    }

    @TearDown
    public void tearDown() throws IOException {
        ledger.openRuns().forEach(ledger::reported);
        FileSystemUtils.deleteRecursively(root);
    }

    @Benchmark
    public ProductRecord read() {
        return deserializer.deserialize(Topics.PRODUCTS, headers, values[(int) (offset++ % RECORDS)]);
    }

    @Benchmark
    public long consume() {
        long at = offset++;
        ProductRecord product =
                readable.check(deserializer.deserialize(Topics.PRODUCTS, headers, values[(int) (at % RECORDS)]));
        ledger.product(product, PARTITION, at, Attempts.of(headers));
        return at;
    }
}
