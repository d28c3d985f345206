package dev.pipeline.processor.report;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A run as the processor sees it: OPEN with what it has read so far (and, while its report is
 * failing, why), COMPLETE with its report, or FAILED with why it has none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RunStatus(String runId, String state, Long productsConsumed, Long errors, String report, String reason) {
}
