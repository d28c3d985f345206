package dev.pipeline.processor.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pipeline.common.report.ReportState;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * A run as the processor sees it: OPEN with what it has read so far (and, while its report is
 * failing, why), COMPLETE with its report, DEGRADED with its report and the quality gates it missed
 * ({@code reason}, and {@code quality} as the report has it), FAILED with why it has none, or
 * ABANDONED (given up without a report) with the reason and when.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RunStatus(
        String runId,
        ReportState state,
        Long productsConsumed,
        Long errors,
        String report,
        String reason,
        Instant abandonedAt,
        JsonNode quality) {

    RunStatus(String runId, ReportState state, Long productsConsumed, Long errors, String report, String reason) {
        this(runId, state, productsConsumed, errors, report, reason, null, null);
    }

    RunStatus(
            String runId,
            ReportState state,
            Long productsConsumed,
            Long errors,
            String report,
            String reason,
            Instant abandonedAt) {
        this(runId, state, productsConsumed, errors, report, reason, abandonedAt, null);
    }
}
