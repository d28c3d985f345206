package dev.pipeline.systemtest.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.upstream.Catalog;
import dev.pipeline.upstream.CatalogSize;
import dev.pipeline.upstream.GeneratedSeedItem;
import dev.pipeline.upstream.Settings;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * What the report of a run over the stand-in's seed workload must hold, computed from the
 * generator, not from the pipeline: every item of every page, once, with its title, price and
 * category, and exactly one request per page.
 */
record SeedReport(
        int pages,
        List<String> products,
        Map<String, Integer> pageOf,
        Map<String, Long> categories,
        BigDecimal minPrice,
        BigDecimal maxPrice) {

    static SeedReport of(int pages) {
        Catalog catalog = new Catalog(new CatalogSize(0, 0, 0, pages), Settings.DEFAULT_SEED);
        List<String> products = new ArrayList<>();
        Map<String, Integer> pageOf = new HashMap<>();
        Map<String, Long> categories = new TreeMap<>();
        BigDecimal min = null;
        BigDecimal max = null;
        for (int page = 1; page <= pages; page++) {
            for (int index = 1; index <= catalog.seedItemsOn(page); index++) {
                GeneratedSeedItem item = catalog.seedItem(page, index);
                BigDecimal price = BigDecimal.valueOf(item.price());
                products.add(line(Integer.toString(item.id()), item.title(), price, item.category()));
                pageOf.put(Integer.toString(item.id()), page);
                categories.merge(item.category(), 1L, Long::sum);
                min = min == null || price.compareTo(min) < 0 ? price : min;
                max = max == null || price.compareTo(max) > 0 ? price : max;
            }
        }
        return new SeedReport(pages, List.copyOf(products), Map.copyOf(pageOf), Map.copyOf(categories), min, max);
    }

    /** The report holds exactly these products and figures, and counts one request per page. */
    void assertMatches(JsonNode report) {
        JsonNode summary = report.path("summary");
        List<String> reported = new ArrayList<>();
        report.path("products")
                .forEach(p -> reported.add(line(
                        p.path("id").asString(),
                        p.path("title").asString(),
                        p.path("price").decimalValue(),
                        p.path("category").asString())));
        String difference = difference(reported) + "; summary " + summary + "; source_stats "
                + report.path("metrics").path("source_stats");
        assertThat(summary.path("total_products").asLong())
                .as("total_products; %s", difference)
                .isEqualTo(products.size());
        assertThat(summary.path("total_errors").asLong()).as(difference).isZero();
        assertThat(report.path("errors")).as(difference).isEmpty();
        assertThat(reported).as(difference).containsExactlyInAnyOrderElementsOf(products);
        JsonNode metrics = report.path("metrics");
        Map<String, Long> distribution = new TreeMap<>();
        metrics.path("category_distribution")
                .properties()
                .forEach(e -> distribution.put(e.getKey(), e.getValue().asLong()));
        assertThat(distribution).isEqualTo(categories);
        assertThat(metrics.path("price_metrics").path("min_price").decimalValue())
                .isEqualByComparingTo(minPrice);
        assertThat(metrics.path("price_metrics").path("max_price").decimalValue())
                .isEqualByComparingTo(maxPrice);
        assertThat(metrics.path("price_metrics").path("valid_price_count").asLong())
                .isEqualTo(products.size());
        JsonNode stats = metrics.path("source_stats").path("seed");
        assertThat(stats.path("requests").asLong())
                .as("requests, as an uninterrupted run sends them")
                .isEqualTo(pages);
        assertThat(stats.path("succeeded").asLong()).isEqualTo(pages);
        assertThat(stats.path("items").asLong()).isEqualTo(products.size());
        assertThat(metrics.path("source_request_counts").path("seed").asLong()).isEqualTo(pages);
    }

    /**
     * Which products are missing from the report or extra in it, by page and id, and what the
     * report's summary and the source's stats say: what a failure must name to be traced (which
     * task, which partition), not only that counts differ.
     */
    String difference(List<String> reported) {
        Map<String, Long> expectedCount = counts(products);
        Map<String, Long> reportedCount = counts(reported);
        Map<Integer, List<String>> missing = new TreeMap<>();
        List<String> extra = new ArrayList<>();
        expectedCount.forEach((line, n) -> {
            if (reportedCount.getOrDefault(line, 0L) < n) {
                String id = line.substring(0, line.indexOf(' '));
                missing.computeIfAbsent(pageOf.get(id), k -> new ArrayList<>()).add(id);
            }
        });
        reportedCount.forEach((line, n) -> {
            if (expectedCount.getOrDefault(line, 0L) < n) {
                extra.add(line + " (x" + n + ")");
            }
        });
        if (missing.isEmpty() && extra.isEmpty()) {
            return "the products match";
        }
        return "missing " + missing.values().stream().mapToInt(List::size).sum() + " products by page " + missing
                + (extra.isEmpty() ? "" : ", unexpected or repeated " + extra);
    }

    private static Map<String, Long> counts(List<String> lines) {
        Map<String, Long> counts = new HashMap<>();
        lines.forEach(line -> counts.merge(line, 1L, Long::sum));
        return counts;
    }

    private static String line(String id, String title, BigDecimal price, String category) {
        return id + " | " + title + " | " + price.stripTrailingZeros().toPlainString() + " | " + category;
    }
}
