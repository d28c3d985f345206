package dev.pipeline.processor.stats;

import java.time.Instant;
import java.util.Comparator;
import java.util.OptionalLong;
import org.springframework.stereotype.Component;

/**
 * What earlier reports say of a source, for the quality gate that compares a run with the one
 * before it ({@code max-drop-vs-last-run}): read from the reports in the report store, like every
 * stat, so it holds after a restart and on every instance that shares the store.
 */
@Component
public class LastRuns {

    private final ReportShelf shelf;

    LastRuns(ReportShelf shelf) {
        this.shelf = shelf;
    }

    /**
     * The products of {@code source} in the latest report, of a run started before {@code before},
     * that fetched the source and was complete: not {@code DEGRADED}, since a run that missed its
     * gates is no baseline (two drops in a row would each pass against the one before).
     *
     * @param runId the run asking, never its own baseline
     * @return empty when no such report is in the report store
     */
    public OptionalLong productsOfLastCompleteRun(String source, Instant before, String runId) {
        return shelf.contents().reports().stream()
                .filter(facts -> !runId.equals(facts.runId()))
                .filter(facts -> !facts.degraded())
                .filter(facts -> facts.startedAt() != null && facts.startedAt().isBefore(before))
                .filter(facts -> facts.covers(source))
                .max(Comparator.comparing(ReportFacts::startedAt).thenComparing(ReportFacts::runId))
                .map(facts -> OptionalLong.of(facts.productsBySource().getOrDefault(source, 0L)))
                .orElse(OptionalLong.empty());
    }
}
