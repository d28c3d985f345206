package dev.pipeline.fetcher.upload;

/**
 * How wide a CSV row may be: what is beyond either limit is counted, never kept.
 *
 * @param maxFields      fields a row may have
 * @param maxFieldLength characters a field may have
 */
record CsvLimits(int maxFields, int maxFieldLength) {}
