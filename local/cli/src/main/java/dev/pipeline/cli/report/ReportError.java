package dev.pipeline.cli.report;

import dev.pipeline.common.report.ReportKeys.Errors;
import tools.jackson.databind.JsonNode;

/** One of a report's {@code errors}: where it happened and why, as the table shows it. */
public record ReportError(String endpoint, String kind, String error) {

    static ReportError from(JsonNode error) {
        return new ReportError(
                error.path(Errors.ENDPOINT).asString(""),
                error.path(Errors.KIND).asString(""),
                error.path(Errors.ERROR).asString(""));
    }

    /** The short reason: the report's kind (e.g. connect_error), else the original's error text. */
    String reason() {
        return kind.isEmpty() ? error : kind;
    }
}
