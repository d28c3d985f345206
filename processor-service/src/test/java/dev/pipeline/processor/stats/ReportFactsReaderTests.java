package dev.pipeline.processor.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipeline.common.report.ReportParser;
import dev.pipeline.common.report.testing.ReportSchema;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFactsReaderTests {

    @TempDir
    Path directory;

    @Test
    void readsTheSummaryAndMetricsAndCountsProductsAndErrorsBySource() throws Exception {
        Path report = Reports.write(
                directory,
                "run-x",
                "2026-11-01T10:00:00Z",
                """
                [{"id":"1","source":"shop","category":"toys","supplier":"source: not this one"},
                 {"id":"2","source":"shop","category":"toys"},
                 {"id":"3","source":"users","category":"unknown"},
                 {"id":"4","source":"upload","category":"unknown"}]""",
                """
                [{"endpoint":"e","error":"HTTP 500","source":"users"},{"endpoint":"e","error":"unreadable","source":null}]""",
                "{\"shop\":4,\"users\":2}",
                "{\"toys\":2,\"unknown\":2}");

        ReportFacts facts = ReportFactsReader.read(report);

        assertThat(facts.runId()).isEqualTo("run-x");
        assertThat(facts.startedAt()).isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
        assertThat(facts.products()).isEqualTo(4);
        assertThat(facts.errors()).isEqualTo(2);
        assertThat(facts.sources()).containsExactly("shop", "users");
        assertThat(facts.productsBySource()).isEqualTo(Map.of("shop", 2L, "users", 1L, "upload", 1L));
        assertThat(facts.errorsBySource()).isEqualTo(Map.of("users", 1L, "unknown", 1L));
        assertThat(facts.requestsBySource()).isEqualTo(Map.of("shop", 4L, "users", 2L));
        assertThat(facts.categories()).isEqualTo(Map.of("toys", 2L, "unknown", 2L));
    }

    @Test
    void aFileOffTheSchemaIsCountedByTheSourceAtEachRowsTopOnly() throws Exception {
        // Not a report the processor writes (rows with nested values, one without a source): the
        // reader still counts what it can, and never takes a nested "source" for the row's.
        Path report = Files.writeString(directory.resolve("run-y.json"), """
                {"summary":{"run_id":"run-y","sources":["shop"]},
                 "products":[{"id":"1","source":"shop","extra":{"source":"not this one"}},
                             {"id":"2","source":"shop","list":[{"source":"nor this"}]},
                             {"id":"4","category":"unknown"}, 7],
                 "errors":{"source":"not an array"}}""");

        ReportFacts facts = ReportFactsReader.read(report);

        assertThat(facts.products())
                .as("total_products absent: the rows counted")
                .isEqualTo(3);
        assertThat(facts.productsBySource()).isEqualTo(Map.of("shop", 2L, "unknown", 1L));
        assertThat(facts.errorsBySource()).isEmpty();
    }

    @Test
    void aReportOfAHundredThousandProductsIsReadAsAStream() throws Exception {
        Path report = directory.resolve("run-big.json");
        try (BufferedWriter out = Files.newBufferedWriter(report)) {
            out.write("{\"summary\":{\"run_id\":\"run-big\",\"total_products\":100000,\"total_errors\":0,"
                    + "\"processing_time_seconds\":1.5,\"success_rate\":1,\"sources\":[\"a\",\"b\"],"
                    + "\"started_at\":\"2026-11-01T10:00:00Z\",\"finished_at\":\"2026-11-01T10:00:01.5Z\","
                    + "\"incomplete\":false,\"missing_records\":0},\"products\":[");
            for (int i = 0; i < 100_000; i++) {
                out.write((i == 0 ? "" : ",") + "{\"id\":\"" + i + "\",\"title\":\"Item " + i + "\",\"source\":\""
                        + (i % 4 == 0 ? "a" : "b") + "\",\"price\":" + i + ".5,\"category\":\"c" + (i % 7) + "\","
                        + "\"processed_at\":\"2026-11-01T10:00:01Z\",\"fetched_at\":\"2026-11-01T10:00:00Z\"}");
            }
            out.write("],\"errors\":[],\"metrics\":{\"price_metrics\":null,\"category_distribution\":{},"
                    + "\"source_request_counts\":{\"a\":1,\"b\":1},\"source_stats\":{}}}");
        }
        ReportSchema.assertValidReport(report);

        ReportFacts facts = ReportFactsReader.read(report);

        assertThat(facts.products()).isEqualTo(100_000);
        assertThat(facts.productsBySource()).isEqualTo(Map.of("a", 25_000L, "b", 75_000L));
    }

    @Test
    void aFileWithoutASummaryIsNotAReport() throws Exception {
        Path notes = Files.writeString(directory.resolve("notes.json"), "{\"products\": []}");
        Path array = Files.writeString(directory.resolve("array.json"), "[1, 2]");

        assertThatThrownBy(() -> ReportFactsReader.read(notes))
                .isInstanceOf(ReportParser.NotAReport.class)
                .hasMessage("it has no summary");
        assertThatThrownBy(() -> ReportFactsReader.read(array))
                .isInstanceOf(ReportParser.NotAReport.class)
                .hasMessage("it is not a JSON object");
    }
}
