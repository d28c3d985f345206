package dev.pipeline.processor.report;

import dev.pipeline.processor.run.OpenRun;
import dev.pipeline.processor.run.StoredProduct;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
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

    static RunFigures of(OpenRun run, Path scratch) throws IOException {
        Map<String, Long> categories = new HashMap<>();
        PriceFigures figures = new PriceFigures();
        try (PriceSpill prices = new PriceSpill(scratch)) {
            long products = run.withStore(store -> store.forEachProduct((key, value) -> {
                StoredProduct product = StoredProduct.decode(value);
                categories.merge(product.category(), 1L, Long::sum);
                if (product.price() != null) {
                    figures.add(product.price());
                    prices.add(product.price());
                }
            }));
            long errors = run.withStore(store -> store.forEachError((key, value) -> {}));
            return new RunFigures(
                    products,
                    errors,
                    figures.count(),
                    figures.min(),
                    figures.max(),
                    figures.mean(),
                    prices.median(),
                    byCountThenName(categories));
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
