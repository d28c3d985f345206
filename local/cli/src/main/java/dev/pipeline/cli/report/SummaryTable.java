package dev.pipeline.cli.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** The few lines a person wants after a run: counts, prices, top categories, requests per source. */
public final class SummaryTable {

    static final int TOP_CATEGORIES = 5;

    private static final String ROW = "%-16s %s%n";

    private SummaryTable() {}

    public static String render(ReportSummary report) {
        StringBuilder table = new StringBuilder();
        row(table, "run id", report.runId());
        if (report.degraded()) {
            // A run without gates, or one that met them, prints as before.
            row(table, "state", "DEGRADED: missed " + report.missedGates().size() + " quality gate(s)");
            report.missedGates().forEach(gate -> row(table, "", gate));
        }
        row(table, "products", String.valueOf(report.totalProducts()));
        row(table, "errors", String.valueOf(report.totalErrors()));
        errors(table, report);
        row(table, "success rate", String.format(Locale.ROOT, "%.1f %%", report.successRate() * 100));
        PriceMetrics prices = report.prices();
        row(table, "price min", price(prices.min()));
        row(table, "price max", price(prices.max()));
        row(table, "price average", price(prices.average()));
        row(table, "price median", price(prices.median()));
        List<Map.Entry<String, Long>> categories = report.topCategories(TOP_CATEGORIES);
        List<Map.Entry<String, Long>> requests = report.requestsBySource();
        int nameWidth = Stream.concat(categories.stream(), requests.stream())
                .mapToInt(entry -> entry.getKey().length())
                .max()
                .orElse(0);
        counts(table, "top categories", categories, nameWidth);
        counts(table, "requests", requests, nameWidth);
        return table.toString();
    }

    /** The first few errors, where and why, so an unreachable URL is named without opening the report. */
    private static void errors(StringBuilder table, ReportSummary report) {
        int width = report.firstErrors().stream()
                .mapToInt(error -> error.reason().length())
                .max()
                .orElse(0);
        width = Math.max(1, width); // %-0s is no format
        for (ReportError error : report.firstErrors()) {
            row(table, "", String.format(Locale.ROOT, "%-" + width + "s %s", error.reason(), error.endpoint()));
        }
        long more = report.totalErrors() - report.firstErrors().size();
        if (!report.firstErrors().isEmpty() && more > 0) {
            row(table, "", "... and " + more + " more in the report");
        }
    }

    private static void row(StringBuilder table, String label, String value) {
        table.append(String.format(Locale.ROOT, ROW, label, value));
    }

    /** One line per entry, names aligned across both lists, the label only on the first. */
    private static void counts(StringBuilder table, String label, List<Map.Entry<String, Long>> entries, int width) {
        if (entries.isEmpty()) {
            row(table, label, "-");
            return;
        }
        for (int i = 0; i < entries.size(); i++) {
            Map.Entry<String, Long> entry = entries.get(i);
            String value = String.format(Locale.ROOT, "%-" + width + "s %6d", entry.getKey(), entry.getValue());
            row(table, i == 0 ? label : "", value);
        }
    }

    private static String price(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }
}
