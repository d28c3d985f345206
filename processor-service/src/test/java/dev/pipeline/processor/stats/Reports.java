package dev.pipeline.processor.stats;

import dev.pipeline.common.ErrorKind;
import dev.pipeline.common.report.ReportFiles;
import dev.pipeline.common.report.ReportKeys;
import dev.pipeline.common.report.ReportKeys.Errors;
import dev.pipeline.common.report.ReportKeys.Metrics;
import dev.pipeline.common.report.ReportKeys.Prices;
import dev.pipeline.common.report.ReportKeys.Products;
import dev.pipeline.common.report.ReportKeys.Summary;
import dev.pipeline.common.report.testing.ReportSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Test support: a report file in the shape the processor writes, with the parts the stats read given
 * and the rest made up: the rows name only what a test is about, and each is completed with the
 * fields every row has (a title, no price, category {@code unknown}, times; an {@code http_error}).
 * The file is checked against the published schema, so a test never reads a report the processor
 * could not have written.
 */
final class Reports {

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Reports() {}

    static Path write(
            Path directory,
            String runId,
            String startedAt,
            String products,
            String errors,
            String requestCounts,
            String categories)
            throws IOException {
        ArrayNode productRows = rows(
                products,
                Map.of(Products.CATEGORY, "unknown", Products.PROCESSED_AT, startedAt, Products.FETCHED_AT, startedAt),
                Products.ID,
                Products.TITLE,
                Products.SOURCE,
                Products.PRICE,
                Products.CATEGORY,
                Products.PROCESSED_AT,
                Products.FETCHED_AT);
        ArrayNode errorRows = rows(
                errors,
                Map.of(
                        Errors.ERROR,
                        "failed",
                        Errors.TIMESTAMP,
                        startedAt,
                        Errors.KIND,
                        ErrorKind.HTTP_ERROR.wireName(),
                        Errors.ATTEMPTS,
                        1),
                Errors.ENDPOINT,
                Errors.ERROR,
                Errors.TIMESTAMP,
                Errors.SOURCE,
                Errors.KIND,
                Errors.ATTEMPTS);
        JsonNode requests = JSON.readTree(requestCounts);
        int productCount = productRows.size();
        int errorCount = errorRows.size();
        double rate = productCount + errorCount == 0 ? 0 : (double) productCount / (productCount + errorCount);

        ObjectNode report = JSON.createObjectNode();
        ObjectNode summary = report.putObject(ReportKeys.SUMMARY)
                .put(Summary.RUN_ID, runId)
                .put(Summary.TOTAL_PRODUCTS, productCount)
                .put(Summary.TOTAL_ERRORS, errorCount)
                .put(Summary.PROCESSING_TIME_SECONDS, 1.5)
                .put(Summary.SUCCESS_RATE, Math.round(rate * 10_000) / 10_000.0);
        ArrayNode sources = summary.putArray(Summary.SOURCES);
        requests.propertyNames().forEach(sources::add);
        summary.put(Summary.STARTED_AT, startedAt)
                .put(Summary.FINISHED_AT, startedAt)
                .put(Summary.INCOMPLETE, false)
                .put(Summary.MISSING_RECORDS, 0);
        report.set(ReportKeys.PRODUCTS, productRows);
        report.set(ReportKeys.ERRORS, errorRows);
        ObjectNode metrics = report.putObject(ReportKeys.METRICS);
        metrics.putObject(Metrics.PRICE_METRICS)
                .putNull(Prices.MIN_PRICE)
                .putNull(Prices.MAX_PRICE)
                .putNull(Prices.AVERAGE_PRICE)
                .putNull(Prices.MEDIAN_PRICE)
                .put(Prices.VALID_PRICE_COUNT, 0);
        metrics.set(Metrics.CATEGORY_DISTRIBUTION, JSON.readTree(categories));
        metrics.set(Metrics.SOURCE_REQUEST_COUNTS, requests);
        metrics.putObject(Metrics.SOURCE_STATS);

        Path file = Files.writeString(ReportFiles.report(directory, runId), JSON.writeValueAsString(report));
        ReportSchema.assertValidReport(file);
        return file;
    }

    /**
     * Each row of {@code json} with the keys it lacks, in the order the processor writes them: from
     * {@code defaults}, else {@code null} (a product without a price, an error of no source).
     */
    private static ArrayNode rows(String json, Map<String, Object> defaults, String... order) {
        ArrayNode rows = JSON.createArrayNode();
        for (JsonNode given : JSON.readTree(json)) {
            ObjectNode row = rows.addObject();
            for (String key : order) {
                if (given.has(key)) {
                    row.set(key, given.get(key));
                } else if (key.equals(Products.TITLE)) {
                    row.put(key, "Item " + given.path(Products.ID).asString());
                } else if (defaults.get(key) instanceof Integer number) {
                    row.put(key, number);
                } else if (defaults.get(key) instanceof String text) {
                    row.put(key, text);
                } else {
                    row.putNull(key);
                }
            }
            given.properties().forEach(entry -> row.set(entry.getKey(), entry.getValue()));
        }
        return rows;
    }
}
