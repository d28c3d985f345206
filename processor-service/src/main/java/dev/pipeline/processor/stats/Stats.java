package dev.pipeline.processor.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** The stats endpoints' answers. */
final class Stats {

    private Stats() {}

    /**
     * Across every report in the window.
     *
     * @param successRate       products / (products + errors), as in a report's summary; 0 with neither
     * @param unreadableReports files in the output directory that are not reports, left out
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Totals(
            long runs,
            long products,
            long errors,
            long requests,
            double successRate,
            Instant firstRunAt,
            Instant lastRunAt,
            Instant from,
            Instant to,
            int unreadableReports) {}

    /** One source across the runs that fetched it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SourceTotals(
            String source, long runs, long products, long requests, long errors, Instant from, Instant to) {}

    /** The most frequent categories, by products across reports; ties by name. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TopCategories(int top, long distinct, List<CategoryCount> categories, Instant from, Instant to) {}

    record CategoryCount(String category, long count) {}
}
