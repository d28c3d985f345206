package dev.pipeline.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryTableTests {

    @TempDir
    Path dir;

    @Test
    void showsCountsPricesTheTopFiveCategoriesAndRequestsPerSource() throws IOException {
        ReportSummary summary = ReportReader.read(SampleReports.write(dir.resolve("run-42.json"), 8));

        assertThat(SummaryTable.render(summary)).isEqualTo("""
                run id           run-42
                products         8
                errors           2
                                 timeout    /delay/5
                                 http_error /posts?page=9
                success rate     80.0 %
                price min        0.99
                price max        1999.99
                price average    120.13
                price median     19.50
                top categories   unknown            112
                                 groceries           27
                                 smartphones         16
                                 beauty               5
                                 fragrances           5
                requests         dummyjson            7
                                 jsonplaceholder      1
                                 reqres               2
                """);
    }

    @Test
    void aRunThatMissedItsQualityGatesSaysDegradedAndWhichUnderItsId() throws IOException {
        Path report = dir.resolve("run-7.json");
        java.nio.file.Files.writeString(report, """
                {"summary": {"run_id": "run-7", "total_products": 3, "total_errors": 0, "success_rate": 1},
                 "quality": {"degraded": true, "gates": [
                   {"source": "shop", "gate": "min_items", "expected": 5, "actual": 3, "passed": false,
                    "detail": "3 products, at least 5 expected"},
                   {"source": "shop", "gate": "max_drop_vs_last_run", "expected": 0.5, "actual": null, "passed": true,
                    "detail": "passes: no earlier complete run fetched shop, nothing to compare with"}]},
                 "products": [], "errors": [], "metrics": {}}""");

        String table = SummaryTable.render(ReportReader.read(report));

        assertThat(table).startsWith("""
                run id           run-7
                state            DEGRADED: missed 1 quality gate(s)
                                 shop min_items: 3 products, at least 5 expected
                products         3
                """);
        assertThat(table).doesNotContain("max_drop_vs_last_run");
    }

    @Test
    void aRunThatMetItsGatesOrHadNonePrintsAsBefore() throws IOException {
        Path report = dir.resolve("run-8.json");
        java.nio.file.Files.writeString(report, """
                {"summary": {"run_id": "run-8", "total_products": 3},
                 "quality": {"degraded": false, "gates": [{"source": "shop", "gate": "min_items", "expected": 1,
                   "actual": 3, "passed": true, "detail": "3 products, at least 1 expected"}]},
                 "products": [], "errors": [], "metrics": {}}""");

        assertThat(SummaryTable.render(ReportReader.read(report))).doesNotContain("state", "DEGRADED");
    }

    @Test
    void namesTheFirstThreeErrorsByKindAndEndpointAndCountsTheRest() {
        ReportSummary summary = new ReportSummary(
                "run-1",
                0,
                5,
                0,
                new PriceMetrics(null, null, null, null, 0),
                Map.of(),
                Map.of(),
                List.of(
                        new ReportError("http://127.0.0.1:9/x", "connect_error", "connection failed"),
                        new ReportError("http://a/b?page=2", "http_error", "HTTP 500"),
                        new ReportError("http://a/b?page=3", "malformed_page", "not JSON")));

        assertThat(SummaryTable.render(summary)).contains("""
                errors           5
                                 connect_error  http://127.0.0.1:9/x
                                 http_error     http://a/b?page=2
                                 malformed_page http://a/b?page=3
                                 ... and 2 more in the report
                success rate     0.0 %
                """);
    }

    @Test
    void namesAnErrorWithoutAKindByItsText() {
        ReportSummary summary = new ReportSummary(
                "run-1",
                0,
                2,
                0,
                new PriceMetrics(null, null, null, null, 0),
                Map.of(),
                Map.of(),
                List.of(new ReportError("/delay/5", "", "timeout"), new ReportError("/posts?page=9", "", "HTTP 500")));

        assertThat(SummaryTable.render(summary)).contains("""
                errors           2
                                 timeout  /delay/5
                                 HTTP 500 /posts?page=9
                success rate""");
    }

    @Test
    void showsDashesWhenNoProductHadAPriceOrACategory() {
        ReportSummary empty = new ReportSummary(
                "run-0", 0, 0, 0, new PriceMetrics(null, null, null, null, 0), Map.of(), Map.of(), List.of());

        assertThat(SummaryTable.render(empty))
                .contains("price min        -\n", "top categories   -\n", "requests         -\n");
    }
}
