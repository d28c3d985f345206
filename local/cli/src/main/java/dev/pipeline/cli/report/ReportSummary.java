package dev.pipeline.cli.report;

import dev.pipeline.common.report.ReportKeys.Metrics;
import dev.pipeline.common.report.ReportKeys.Prices;
import dev.pipeline.common.report.ReportKeys.Summary;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What the summary table shows: the report's {@code summary} and {@code metrics}, and its first
 * few {@code errors}; never its products.
 */
public record ReportSummary(
        String runId,
        long totalProducts,
        long totalErrors,
        double successRate,
        PriceMetrics prices,
        Map<String, Long> categories,
        Map<String, Long> requestsPerSource,
        List<ReportError> firstErrors) {

    public ReportSummary {
        categories = Map.copyOf(categories);
        requestsPerSource = Map.copyOf(requestsPerSource);
        firstErrors = List.copyOf(firstErrors);
    }

    static ReportSummary from(JsonNode summary, JsonNode metrics, List<ReportError> firstErrors) {
        JsonNode prices = metrics.path(Metrics.PRICE_METRICS);
        return new ReportSummary(
                summary.path(Summary.RUN_ID).asString(""),
                summary.path(Summary.TOTAL_PRODUCTS).asLong(0),
                summary.path(Summary.TOTAL_ERRORS).asLong(0),
                summary.path(Summary.SUCCESS_RATE).asDouble(0),
                new PriceMetrics(
                        number(prices, Prices.MIN_PRICE),
                        number(prices, Prices.MAX_PRICE),
                        number(prices, Prices.AVERAGE_PRICE),
                        number(prices, Prices.MEDIAN_PRICE),
                        prices.path(Prices.VALID_PRICE_COUNT).asLong(0)),
                counts(metrics.path(Metrics.CATEGORY_DISTRIBUTION)),
                counts(metrics.path(Metrics.SOURCE_REQUEST_COUNTS)),
                firstErrors);
    }

    /** The most frequent categories, ties by name, so the table is the same on every run. */
    public List<Map.Entry<String, Long>> topCategories(int limit) {
        return categories.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .toList();
    }

    public List<Map.Entry<String, Long>> requestsBySource() {
        return requestsPerSource.entrySet().stream()
                .sorted(Comparator.comparing(Map.Entry::getKey))
                .toList();
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
