package dev.pipeline.processor.stats;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BinaryOperator;
import java.util.function.ToLongFunction;
import org.springframework.stereotype.Component;

/** Adds up the reports on the shelf that fall in a window. */
@Component
class ReportStats {

    private final ReportShelf shelf;

    ReportStats(ReportShelf shelf) {
        this.shelf = shelf;
    }

    Stats.Totals totals(StatsWindow window) {
        ReportShelf.Contents contents = shelf.contents();
        List<ReportFacts> reports = within(contents, window);
        long products = reports.stream().mapToLong(ReportFacts::products).sum();
        long errors = reports.stream().mapToLong(ReportFacts::errors).sum();
        long requests = reports.stream()
                .flatMap(r -> r.requestsBySource().values().stream())
                .mapToLong(Long::longValue)
                .sum();
        return new Stats.Totals(
                reports.size(),
                products,
                errors,
                requests,
                rate(products, errors),
                startOf(reports, BinaryOperator.minBy(Comparator.naturalOrder())),
                startOf(reports, BinaryOperator.maxBy(Comparator.naturalOrder())),
                window.from(),
                window.to(),
                contents.unreadable());
    }

    /** Empty when no report in the window names the source. */
    Optional<Stats.SourceTotals> source(String source, StatsWindow window) {
        List<ReportFacts> reports = within(shelf.contents(), window).stream()
                .filter(r -> r.covers(source))
                .toList();
        if (reports.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Stats.SourceTotals(
                source,
                reports.size(),
                sum(reports, r -> r.productsBySource().getOrDefault(source, 0L)),
                sum(reports, r -> r.requestsBySource().getOrDefault(source, 0L)),
                sum(reports, r -> r.errorsBySource().getOrDefault(source, 0L)),
                window.from(),
                window.to()));
    }

    Stats.TopCategories categories(int top, StatsWindow window) {
        Map<String, Long> counts = new HashMap<>();
        within(shelf.contents(), window)
                .forEach(r -> r.categories().forEach((name, n) -> counts.merge(name, n, Long::sum)));
        List<Stats.CategoryCount> ranked = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(top)
                .map(e -> new Stats.CategoryCount(e.getKey(), e.getValue()))
                .toList();
        return new Stats.TopCategories(top, counts.size(), ranked, window.from(), window.to());
    }

    private static List<ReportFacts> within(ReportShelf.Contents contents, StatsWindow window) {
        return contents.reports().stream()
                .filter(r -> window.contains(r.startedAt()))
                .toList();
    }

    private static Instant startOf(List<ReportFacts> reports, BinaryOperator<Instant> pick) {
        return reports.stream()
                .map(ReportFacts::startedAt)
                .filter(Objects::nonNull)
                .reduce(pick)
                .orElse(null);
    }

    private static long sum(List<ReportFacts> reports, ToLongFunction<ReportFacts> count) {
        return reports.stream().mapToLong(count).sum();
    }

    private static double rate(long products, long errors) {
        if (products + errors == 0) {
            return 0;
        }
        return BigDecimal.valueOf((double) products / (products + errors))
                .setScale(4, RoundingMode.HALF_UP)
                .doubleValue();
    }
}
