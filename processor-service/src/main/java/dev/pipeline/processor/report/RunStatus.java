package dev.pipeline.processor.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pipeline.common.report.ReportState;
import java.time.Instant;

/**
 * A run as the processor sees it: OPEN with what it has read so far (and, while its report is
 * failing, why), COMPLETE with its report, FAILED with why it has none, or ABANDONED (given up
 * without a report) with the reason and when.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RunStatus(
        String runId,
        ReportState state,
        Long productsConsumed,
        Long errors,
        String report,
        String reason,
        Instant abandonedAt) {

    RunStatus(String runId, ReportState state, Long productsConsumed, Long errors, String report, String reason) {
        this(runId, state, productsConsumed, errors, report, reason, null);
    }
}
