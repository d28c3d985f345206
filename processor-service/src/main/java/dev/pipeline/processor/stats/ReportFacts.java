package dev.pipeline.processor.stats;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the stats need of one report: its summary, products and errors counted per source, requests
 * per source and the category distribution. A few dozen numbers, however many products it holds.
 *
 * @param startedAt {@code summary.started_at}; {@code null} when the report has none
 * @param degraded  whether its run missed a quality gate ({@code quality.degraded}; false without gates)
 */
record ReportFacts(
        String runId,
        Instant startedAt,
        long products,
        long errors,
        List<String> sources,
        Map<String, Long> productsBySource,
        Map<String, Long> errorsBySource,
        Map<String, Long> requestsBySource,
        Map<String, Long> categories,
        boolean degraded) {

    ReportFacts {
        sources = List.copyOf(sources);
        productsBySource = Map.copyOf(productsBySource);
        errorsBySource = Map.copyOf(errorsBySource);
        requestsBySource = Map.copyOf(requestsBySource);
        categories = Map.copyOf(categories);
    }

    /** Whether the run fetched {@code source}: named in its summary, or seen among its records. */
    boolean covers(String source) {
        return sources.contains(source)
                || productsBySource.containsKey(source)
                || errorsBySource.containsKey(source)
                || requestsBySource.containsKey(source);
    }
}
