/**
 * Store: where reports and abandoned-run markers are kept, a directory of this host or S3-compatible
 * object storage ({@link dev.pipeline.processor.store.ReportStore}).
 */
package dev.pipeline.processor.store;
