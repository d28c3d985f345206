package dev.pipeline.processor.changes;

import dev.pipeline.common.report.ReportKeys;
import dev.pipeline.common.report.ReportKeys.Changes;
import dev.pipeline.common.report.ReportKeys.PriceMove;
import dev.pipeline.common.report.ReportKeys.SourceChanges;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import tools.jackson.core.JsonGenerator;

/**
 * A report's {@code changes}, computed before the report's file is opened, and written by it.
 *
 * @param reason      why they are unavailable; {@code null} when they are not
 * @param incremental the run's sources fetched incrementally, whether or not the rest is available
 *                    (the next runs' history reads it)
 * @param bySource    per source, in the run's order; empty when unavailable
 */
public record ChangesSection(
        String reason,
        String againstRun,
        List<String> incremental,
        Map<String, SourceTally> bySource,
        List<PriceMoves.Move> largestPriceMoves) {

    static ChangesSection unavailable(String reason, List<String> incremental) {
        return new ChangesSection(reason, null, incremental, Map.of(), List.of());
    }

    public boolean available() {
        return reason == null;
    }

    long total(ToLongFunction<SourceTally> count) {
        return bySource.values().stream().mapToLong(count).sum();
    }

    /** The section, as the report's next property. */
    public void write(JsonGenerator out) {
        out.writeObjectPropertyStart(ReportKeys.CHANGES);
        out.writeBooleanProperty(Changes.AVAILABLE, available());
        out.writeStringProperty(Changes.REASON, reason);
        out.writeStringProperty(Changes.AGAINST_RUN, againstRun);
        out.writeArrayPropertyStart(Changes.INCREMENTAL);
        incremental.forEach(out::writeString);
        out.writeEndArray();
        count(out, Changes.ADDED, tally -> tally.added);
        count(out, Changes.REMOVED, tally -> tally.removed);
        count(out, Changes.PRICE_CHANGED, tally -> tally.priceChanged);
        count(out, Changes.CATEGORY_CHANGED, tally -> tally.categoryChanged);
        count(out, Changes.UNCHANGED, tally -> tally.unchanged);
        count(out, Changes.UNKNOWN, tally -> tally.unknown);
        out.writeObjectPropertyStart(Changes.BY_SOURCE);
        bySource.forEach((source, tally) -> {
            out.writeObjectPropertyStart(source);
            out.writeStringProperty(SourceChanges.AGAINST_RUN, tally.againstRun);
            out.writeBooleanProperty(SourceChanges.INCREMENTAL, tally.incremental);
            out.writeNumberProperty(SourceChanges.ADDED, tally.added);
            out.writeNumberProperty(SourceChanges.REMOVED, tally.removed);
            out.writeNumberProperty(SourceChanges.PRICE_CHANGED, tally.priceChanged);
            out.writeNumberProperty(SourceChanges.CATEGORY_CHANGED, tally.categoryChanged);
            out.writeNumberProperty(SourceChanges.UNCHANGED, tally.unchanged);
            out.writeNumberProperty(SourceChanges.UNKNOWN, tally.unknown);
            out.writeArrayPropertyStart(SourceChanges.REMOVED_IDS);
            tally.removedIds.forEach(out::writeString);
            out.writeEndArray();
            out.writeEndObject();
        });
        out.writeEndObject();
        out.writeArrayPropertyStart(Changes.LARGEST_PRICE_MOVES);
        for (PriceMoves.Move move : largestPriceMoves) {
            out.writeStartObject();
            out.writeStringProperty(PriceMove.SOURCE, move.source());
            out.writeStringProperty(PriceMove.ID, move.id());
            out.writeStringProperty(PriceMove.TITLE, move.title());
            out.writeNumberProperty(PriceMove.FROM, move.fromAmount());
            out.writeNumberProperty(PriceMove.TO, move.toAmount());
            out.writeNumberProperty(PriceMove.CHANGE, move.change());
            BigDecimal percent = move.changePercent();
            if (percent == null) {
                out.writeNullProperty(PriceMove.CHANGE_PERCENT);
            } else {
                out.writeNumberProperty(PriceMove.CHANGE_PERCENT, percent);
            }
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    private void count(JsonGenerator out, String name, ToLongFunction<SourceTally> count) {
        if (available()) {
            out.writeNumberProperty(name, total(count));
        } else {
            out.writeNullProperty(name);
        }
    }
}
