package dev.pipeline.cli.report;

import dev.pipeline.common.report.ReportKeys.Gate;
import dev.pipeline.common.report.ReportKeys.Metrics;
import dev.pipeline.common.report.ReportKeys.Prices;
import dev.pipeline.common.report.ReportKeys.Quality;
import dev.pipeline.common.report.ReportKeys.Summary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * What the summary table shows: the report's {@code summary} and {@code metrics}, its first
 * few {@code errors} and the quality gates it missed ({@code quality}); never its products.
 */
public record ReportSummary(
        String runId,
        long totalProducts,
        long totalErrors,
        double successRate,
        PriceMetrics prices,
        Map<String, Long> categories,
        Map<String, Long> requestsPerSource,
        List<ReportError> firstErrors,
        List<String> missedGates) {

    public ReportSummary {
        categories = Map.copyOf(categories);
        requestsPerSource = Map.copyOf(requestsPerSource);
        firstErrors = List.copyOf(firstErrors);
        missedGates = missedGates == null ? List.of() : List.copyOf(missedGates);
    }

    /** The summary of a run that missed no quality gate (or declared none). */
    public ReportSummary(
            String runId,
            long totalProducts,
            long totalErrors,
            double successRate,
            PriceMetrics prices,
            Map<String, Long> categories,
            Map<String, Long> requestsPerSource,
            List<ReportError> firstErrors) {
        this(
                runId,
                totalProducts,
                totalErrors,
                successRate,
                prices,
                categories,
                requestsPerSource,
                firstErrors,
                List.of());
    }

    /** Whether the run missed a quality gate: it ended DEGRADED. */
    public boolean degraded() {
        return !missedGates.isEmpty();
    }

    static ReportSummary from(JsonNode summary, JsonNode metrics, List<ReportError> firstErrors) {
        return from(summary, MissingNode.getInstance(), metrics, firstErrors);
    }

    /** {@code quality} is missing for a run without gates. */
    static ReportSummary from(JsonNode summary, JsonNode quality, JsonNode metrics, List<ReportError> firstErrors) {
        List<String> missed = new ArrayList<>();
        quality.path(Quality.GATES).forEach(gate -> {
            if (!gate.path(Gate.PASSED).asBoolean(true)) {
                missed.add(gate.path(Gate.SOURCE).asString("") + " "
                        + gate.path(Gate.GATE).asString("") + ": "
                        + gate.path(Gate.DETAIL).asString(""));
            }
        });
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
                firstErrors,
                missed);
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
