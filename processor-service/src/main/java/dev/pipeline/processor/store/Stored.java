package dev.pipeline.processor.store;

import java.time.Instant;

/**
 * A report or marker in a {@link ReportStore}.
 *
 * @param runId        the run it is of
 * @param kind         report or marker
 * @param location     where it is, as a URI any reader of that store understands:
 *                     {@code file:///srv/output/<runId>.json}, {@code s3://bucket/prefix/<runId>.json}
 * @param bytes        its size
 * @param lastModified when it was written
 * @param sha256       its SHA-256 in lower-case hex; {@code null} where the store does not know it
 *                     without reading it (a listing)
 */
public record Stored(
        String runId, ReportStore.Kind kind, String location, long bytes, Instant lastModified, String sha256) {}
