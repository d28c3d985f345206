package dev.pipeline.cli.report;

/** The report's {@code metrics.price_metrics}; the figures are null when no product had a price. */
public record PriceMetrics(Double min, Double max, Double average, Double median, long validPriceCount) {}
