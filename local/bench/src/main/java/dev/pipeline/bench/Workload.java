package dev.pipeline.bench;

import java.util.List;
import java.util.Map;

/**
 * One thing to measure: which stand-in data set to serve, and the single fetcher source that
 * fetches it (the run fetches nothing else).
 *
 * @param name     how tables and files call it
 * @param records  the products the report must hold; 0 when only the upstream knows (the seed
 *                 workload), and then the fetcher's item count is expected instead
 * @param source   the fetcher source's definition, in the fetcher's sources-file format; its url
 *                 may use {@code ${pipeline.upstream-url}}
 * @param upstreamArgs the stand-in upstream's flags
 */
record Workload(String name, String title, long records, Map<String, Object> source, List<String> upstreamArgs) {

    static final String PRODUCTS_SOURCE = "dummyjson";
    static final String SEED_SOURCE = "seed";

    Workload {
        source = Map.copyOf(source);
        upstreamArgs = List.copyOf(upstreamArgs);
    }

    /** {@code records} stand-in DummyJSON products, fetched in pages of {@code pageSize} by offset and limit. */
    static Workload products(long records, int pageSize) {
        return new Workload(
                "products-" + records,
                "%,d products (pages of %d)".formatted(records, pageSize),
                records,
                Map.of(
                        "name",
                        PRODUCTS_SOURCE,
                        "url",
                        "${pipeline.upstream-url}/dummyjson/products",
                        "items",
                        List.of("/products"),
                        "pagination",
                        Map.of(
                                "kind",
                                "offset-limit",
                                "offset-param",
                                "skip",
                                "size-param",
                                "limit",
                                "page-size",
                                pageSize,
                                "total",
                                "/total")),
                List.of(
                        "--products",
                        Long.toString(records),
                        "--posts",
                        "0",
                        "--users",
                        "0",
                        "--prerender",
                        Integer.toString(pageSize)));
    }

    /** The original project's benchmark: {@code pages} pages of 1 to 10 items, by page number. */
    static Workload seed(int pages) {
        return new Workload(
                "seed-" + pages + "-pages",
                "seed workload: %,d pages of 1-10 items".formatted(pages),
                0,
                Map.of(
                        "name",
                        SEED_SOURCE,
                        "url",
                        "${pipeline.upstream-url}/seed/items",
                        "items",
                        List.of("/items"),
                        "pagination",
                        Map.of("kind", "page-number", "page-param", "page", "total-pages", "/total_pages")),
                List.of(
                        "--products",
                        "0",
                        "--posts",
                        "0",
                        "--users",
                        "0",
                        "--seed-pages",
                        Integer.toString(pages),
                        // the seed pages are rendered with any product page size
                        "--prerender",
                        "1"));
    }

    /** The same workload run by {@code count} fetchers and {@code count} processors. */
    Workload withInstances(int count) {
        return count == 1
                ? this
                : new Workload(
                        name + "-" + count + "x",
                        title + ", " + count + " fetchers + " + count + " processors",
                        records,
                        source,
                        upstreamArgs);
    }

    /** The same workload with records that carry no item ({@code fields.item.keep: false}). */
    Workload withoutItem() {
        Map<String, Object> bare = new java.util.LinkedHashMap<>(source);
        bare.put("fields", Map.of("item", Map.of("keep", false)));
        return new Workload(name + "-no-item", title + ", without the item", records, bare, upstreamArgs);
    }

    String sourceName() {
        return (String) source.get("name");
    }

    /**
     * The same source under another name, capped at {@code pages} pages: an unmeasured run of it
     * warms the services' JIT, connections and caches before the measured run.
     */
    Map<String, Object> warmupSource(int pages) {
        Map<String, Object> warmup = new java.util.LinkedHashMap<>(source);
        warmup.put("name", sourceName() + "-warmup");
        @SuppressWarnings("unchecked")
        Map<String, Object> pagination = new java.util.LinkedHashMap<>((Map<String, Object>) source.get("pagination"));
        pagination.put("max-pages", pages);
        warmup.put("pagination", pagination);
        return warmup;
    }
}
