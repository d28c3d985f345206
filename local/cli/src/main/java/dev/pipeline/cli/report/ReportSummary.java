package dev.pipeline.cli.report;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * What the summary table shows: the report's {@code summary} and {@code metrics}, and its first
 * few {@code errors}; never its products.
 */
public record ReportSummary(String runId, long totalProducts, long totalErrors, double successRate,
        PriceMetrics prices, Map<String, Long> categories, Map<String, Long> requestsPerSource,
        List<ReportError> firstErrors) {

    public ReportSummary {
        categories = Map.copyOf(categories);
        requestsPerSource = Map.copyOf(requestsPerSource);
        firstErrors = List.copyOf(firstErrors);
    }

    static ReportSummary from(JsonNode summary, JsonNode metrics, List<ReportError> firstErrors) {
        JsonNode prices = metrics.path("price_metrics");
        return new ReportSummary(summary.path("run_id").asString(""),
                summary.path("total_products").asLong(0),
                summary.path("total_errors").asLong(0),
                summary.path("success_rate").asDouble(0),
                new PriceMetrics(number(prices, "min_price"), number(prices, "max_price"),
                        number(prices, "average_price"), number(prices, "median_price"),
                        prices.path("valid_price_count").asLong(0)),
                counts(metrics.path("category_distribution")),
                counts(metrics.path("source_request_counts")), firstErrors);
    }

    /** The most frequent categories, ties by name, so the table is the same on every run. */
    public List<Map.Entry<String, Long>> topCategories(int limit) {
        return categories.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .toList();
    }

    public List<Map.Entry<String, Long>> requestsBySource() {
        return requestsPerSource.entrySet().stream().sorted(Comparator.comparing(Map.Entry::getKey)).toList();
    }

    private static Double number(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? value.doubleValue() : null;
    }

    private static Map<String, Long> counts(JsonNode object) {
        Map<String, Long> counts = new LinkedHashMap<>();
        object.forEachEntry((key, value) -> counts.put(key, value.asLong(0)));
        return counts;
    }
}
