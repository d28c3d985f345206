package dev.pipeline.processor.report;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * A run as the processor sees it: OPEN with what it has read so far, COMPLETE with its report, or
 * ABANDONED (given up without a report) with the reason and when.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RunStatus(String runId, String state, Long productsConsumed, Long errors, String report, String reason,
                 Instant abandonedAt) {

    RunStatus(String runId, String state, Long productsConsumed, Long errors, String report) {
        this(runId, state, productsConsumed, errors, report, null, null);
    }
}
