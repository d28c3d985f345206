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
record RunFigures(long products, long errors, long validPrices, Double minPrice, Double maxPrice,
                  Double averagePrice, Double medianPrice, Map<String, Long> categories) {

    static RunFigures of(OpenRun run, Path scratch) throws IOException {
        Map<String, Long> categories = new HashMap<>();
        double[] priceRange = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0};
        try (PriceSpill prices = new PriceSpill(scratch)) {
            long products = run.withStore(store -> store.forEachProduct((key, value) -> {
                StoredProduct product = StoredProduct.decode(value);
                categories.merge(product.category(), 1L, Long::sum);
                if (product.price() != null) {
                    double price = product.price();
                    priceRange[0] = Math.min(priceRange[0], price);
                    priceRange[1] = Math.max(priceRange[1], price);
                    priceRange[2] += price;
                    prices.add(price);
                }
            }));
            long errors = run.withStore(store -> store.forEachError((key, value) -> { }));
            long valid = prices.count();
            return new RunFigures(products, errors, valid,
                    valid == 0 ? null : priceRange[0], valid == 0 ? null : priceRange[1],
                    valid == 0 ? null : priceRange[2] / valid, prices.median(), byCountThenName(categories));
        }
    }

    double successRate() {
        return products + errors == 0 ? 0 : (double) products / (products + errors);
    }

    private static Map<String, Long> byCountThenName(Map<String, Long> categories) {
        Map<String, Long> ordered = new LinkedHashMap<>();
        categories.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return ordered;
    }
}
