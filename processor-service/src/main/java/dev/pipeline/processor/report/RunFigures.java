package dev.pipeline.processor.report;

import dev.pipeline.processor.changes.Changes;
import dev.pipeline.processor.run.OpenRun;
import dev.pipeline.processor.run.RunStore;
import dev.pipeline.processor.run.StoredProduct;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of a run's report, from one pass over its deduplicated products: memory grows with
 * categories, not products (the prices for the median are spilled to disk).
 */
record RunFigures(
        long products,
        long errors,
        long validPrices,
        Double minPrice,
        Double maxPrice,
        Double averagePrice,
        Double medianPrice,
        Map<String, Long> categories) {

    /** Products up to this size are read into one buffer, the rest copied: rows are a few hundred bytes. */
    static final int SCRATCH_BYTES = 64 * 1024;

    /** Keys (a source's name and an item's id) up to this size are read into one buffer, the rest copied. */
    static final int KEY_BYTES = 512;

    /**
     * The figures; and, in the same pass over the store, every product's report row into {@code rows}
     * ({@link ProductRows}) and every product to {@code items} (the report's changes, {@link
     * Changes#alongside}), so that writing the report reads the store once: a pass over a million
     * products costs RocksDB about 0.45 s, a sequential file of their rows a fraction of that. The
     * rows and the comparison are made on a second thread ({@link Handoff}), beside the figures.
     */
    static RunFigures of(OpenRun run, Path pricesFile, ProductRows rows, Changes.Items items) throws IOException {
        CategoryCounts categories = new CategoryCounts();
        PriceFigures figures = new PriceFigures();
        try (PriceSpill prices = new PriceSpill(pricesFile)) {
            ByteBuffer keys = ByteBuffer.allocate(KEY_BYTES);
            ByteBuffer scratch = ByteBuffer.allocate(SCRATCH_BYTES);
            // The comparison and the rows on a second thread, fed in blocks: RocksDB read once, on two cores.
            Handoff other = new Handoff(
                    new Changes.Items() {
                        @Override
                        public void item(ByteBuffer key, ByteBuffer value) {
                            items.item(key, value);
                            rows.add(value, StoredProduct.jsonStart(value));
                        }

                        @Override
                        public void complete() {
                            items.complete();
                        }
                    },
                    "report-" + run.runId());
            long products;
            try {
                products = run.withStore(store -> store.forEachProductEntry(keys, scratch, (key, value) -> {
                    other.item(key, value);
                    int categoryFrom = StoredProduct.CATEGORY_START;
                    categories.add(
                            value.array(),
                            value.arrayOffset() + categoryFrom,
                            StoredProduct.jsonStart(value) - categoryFrom);
                    Double price = StoredProduct.price(value);
                    if (price != null) {
                        figures.add(price);
                        prices.add(price);
                    }
                }));
                other.complete();
            } catch (Throwable e) {
                other.finish();
                Throwable alongside = other.failure();
                if (alongside != null && alongside != e) {
                    e.addSuppressed(alongside); // the pass's failure is thrown, the other thread's kept with it
                }
                throw e;
            }
            other.finish(); // once it returns, the rows and the catalogue's versions are this thread's again
            other.throwFailure(); // the rows' failure (a disk), the pass's own
            rows.complete(products);
            long errors = run.withStore(RunStore::errorCount);
            return new RunFigures(
                    products,
                    errors,
                    figures.count(),
                    figures.min(),
                    figures.max(),
                    figures.mean(),
                    prices.median(),
                    byCountThenName(categories.byName()));
        }
    }

    private static Map<String, Long> byCountThenName(Map<String, Long> categories) {
        Map<String, Long> ordered = new LinkedHashMap<>();
        categories.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return ordered;
    }
}
