package dev.pipeline.fetcher.bench;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.SlicedTree;
import dev.pipeline.fetcher.mapping.ItemMapper;
import dev.pipeline.fetcher.mapping.MappedItem;
import dev.pipeline.fetcher.publish.ProductJson;
import dev.pipeline.fetcher.source.FieldMapping;
import dev.pipeline.upstream.Catalog;
import dev.pipeline.upstream.CatalogSize;
import dev.pipeline.upstream.Settings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fetcher's per-page work after the HTTP response arrives: {@code mapItem} maps one item of a
 * parsed page by the default field mapping (the DummyJSON source's); {@code parsePage} reads a whole
 * page of {@value #PAGE_SIZE} stand-in products from its bytes as the page client does
 * ({@link SlicedTree}); {@code parseAndMapPage} reads it and maps every item; {@code parseMapAndWritePage}
 * does all the fetcher does with a page before the producer (read, map, each record's JSON through one
 * {@link ProductJson.Writer}). Each op is one item ({@code @OperationsPerInvocation}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx256m"})
public class ItemMapperBenchmark {

    static final int PAGE_SIZE = 100;

    private static final String RUN_ID = "run-20261123T120000Z-1a2b3c";
    private static final String ENDPOINT = "http://127.0.0.1:40123/dummyjson/products?limit=100&skip=734500";

    private JsonMapper json;
    private ItemMapper mapper;
    private byte[] page;
    private JsonNode[] items;
    private Instant fetchedAt;
    private int next;

    @Setup
    public void setUp() {
        json = PipelineJson.mapper();
        mapper = new ItemMapper("dummyjson", FieldMapping.DEFAULT);
        Catalog catalog = new Catalog(new CatalogSize(1_000_000, 0, 0), Settings.DEFAULT_SEED);
        List<Object> products = new ArrayList<>();
        for (int id = 734_501; id <= 734_500 + PAGE_SIZE; id++) {
            products.add(catalog.product(id));
        }
        page = json.writeValueAsBytes(
                Map.of("products", products, "total", 1_000_000, "skip", 734_500, "limit", PAGE_SIZE));
        JsonNode parsed = SlicedTree.read(page).path("products");
        items = new JsonNode[parsed.size()];
        for (int i = 0; i < items.length; i++) {
            items[i] = parsed.get(i);
        }
        fetchedAt = Instant.parse("2026-11-23T12:00:01.123456Z");
    }

    @Benchmark
    public MappedItem mapItem() {
        JsonNode item = items[next];
        next = next + 1 == items.length ? 0 : next + 1;
        return mapper.map(item, RUN_ID, ENDPOINT, fetchedAt);
    }

    @Benchmark
    @OperationsPerInvocation(PAGE_SIZE)
    public JsonNode parsePage() {
        return SlicedTree.read(page);
    }

    @Benchmark
    @OperationsPerInvocation(PAGE_SIZE)
    public void parseAndMapPage(Blackhole sink) {
        for (JsonNode item : SlicedTree.read(page).path("products")) {
            sink.consume(mapper.map(item, RUN_ID, ENDPOINT, fetchedAt));
        }
    }

    @Benchmark
    @OperationsPerInvocation(PAGE_SIZE)
    public void parseMapAndWritePage(Blackhole sink) {
        try (ProductJson.Writer records = ProductJson.writer()) {
            for (JsonNode item : SlicedTree.read(page).path("products")) {
                if (mapper.map(item, RUN_ID, ENDPOINT, fetchedAt) instanceof MappedItem.Product product) {
                    sink.consume(records.of(product.record()));
                }
            }
        }
    }
}
