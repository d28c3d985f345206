package dev.pipeline.processor.report;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A run as the processor sees it: OPEN with what it has read so far, or COMPLETE with its report. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RunStatus(String runId, String state, Long productsConsumed, Long errors, String report) {
}
