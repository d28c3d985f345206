package dev.pipeline.common.report;

import dev.pipeline.common.report.ReportKeys.Marker;
import java.time.Instant;
import java.util.Optional;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * A run given up without a report, as its marker file {@code <runId>.abandoned} holds it (keys:
 * {@link Marker}; schema: {@code abandoned.schema.json}). It names its run first, so that a file
 * merely named like a marker is never taken for one. Its {@code state} is always
 * {@link ReportState#ABANDONED}: the state {@code GET /api/runs/{id}} answers for the run.
 *
 * @param lastActivityAt when anything of the run was last read; {@code null} for a run refused at once
 * @param productsRead   its records read (each once), dropped with it
 * @param errorsRead     its errors read, dropped with it
 */
public record AbandonedMarker(
        String runId, String reason, Instant abandonedAt, Instant lastActivityAt, long productsRead, long errorsRead) {

    public void write(JsonGenerator out) {
        out.writeStartObject();
        out.writeStringProperty(Marker.RUN_ID, runId);
        out.writeStringProperty(Marker.STATE, ReportState.ABANDONED.name());
        out.writeStringProperty(Marker.REASON, reason);
        out.writeStringProperty(Marker.ABANDONED_AT, String.valueOf(abandonedAt));
        if (lastActivityAt == null) {
            out.writeNullProperty(Marker.LAST_ACTIVITY_AT);
        } else {
            out.writeStringProperty(Marker.LAST_ACTIVITY_AT, lastActivityAt.toString());
        }
        out.writeNumberProperty(Marker.PRODUCTS_READ, productsRead);
        out.writeNumberProperty(Marker.ERRORS_READ, errorsRead);
        out.writeEndObject();
    }

    /** The marker {@code json} is, when it is one of {@code runId}; what cannot be read of it is left empty. */
    public static Optional<AbandonedMarker> of(JsonNode json, String runId) {
        if (!runId.equals(json.path(Marker.RUN_ID).asString(null))) {
            return Optional.empty();
        }
        return Optional.of(new AbandonedMarker(
                runId,
                json.path(Marker.REASON).asString(""),
                ReportParser.instant(json.get(Marker.ABANDONED_AT)),
                ReportParser.instant(json.get(Marker.LAST_ACTIVITY_AT)),
                json.path(Marker.PRODUCTS_READ).asLong(),
                json.path(Marker.ERRORS_READ).asLong()));
    }
}
