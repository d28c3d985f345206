package dev.pipeline.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

import dev.pipeline.cli.stack.PipelineFailure;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportReaderTests {

    @TempDir
    Path dir;

    @Test
    void readsSummaryAndMetricsPastAHundredThousandProducts() throws IOException {
        ReportSummary summary = ReportReader.read(SampleReports.write(dir.resolve("big.json"), 100_000));

        assertThat(summary.runId()).isEqualTo("run-42");
        assertThat(summary.totalProducts()).isEqualTo(100_000);
        assertThat(summary.totalErrors()).isEqualTo(2);
        assertThat(summary.successRate()).isEqualTo(0.8);
        assertThat(summary.prices()).isEqualTo(new PriceMetrics(0.99, 1999.99, 120.125, 19.5, 8));
        assertThat(summary.requestsPerSource())
                .containsOnly(entry("dummyjson", 7L), entry("jsonplaceholder", 1L), entry("reqres", 2L));
        assertThat(summary.topCategories(2)).containsExactly(Map.entry("unknown", 112L), Map.entry("groceries", 27L));
        assertThat(summary.firstErrors())
                .containsExactly(
                        new ReportError("/delay/5", "timeout", "no answer within 10 s"),
                        new ReportError("/posts?page=9", "http_error", "HTTP 500"));
    }

    // The reports below are read from strings, not through SampleReports: they are off the schema on
    // purpose (parts left out, rows with more than a report has), and the reader must cope.

    @Test
    void keepsOnlyTheFirstThreeErrors() {
        ReportSummary summary = read("""
                {"summary":{"run_id":"r","total_errors":4},"products":[],
                 "errors":[{"endpoint":"e1","kind":"timeout","attempts":3,"extra":{"a":[1]}},{"endpoint":"e2","kind":"k"},
                           {"endpoint":"e3","kind":"k"},{"endpoint":"e4","kind":"k"}],
                 "metrics":{"source_request_counts":{"s":3}}}""");

        assertThat(summary.firstErrors()).extracting(ReportError::endpoint).containsExactly("e1", "e2", "e3");
        assertThat(summary.requestsPerSource()).containsOnly(entry("s", 3L));
    }

    @Test
    void readsAReportWithoutMetricsAsEmptyOnes() {
        ReportSummary summary = read("{\"summary\":{\"run_id\":\"r\",\"total_products\":0},\"products\":[]}");

        assertThat(summary.prices()).isEqualTo(new PriceMetrics(null, null, null, null, 0));
        assertThat(summary.categories()).isEmpty();
    }

    @Test
    void rejectsJsonThatIsNotAReport() {
        assertThatExceptionOfType(PipelineFailure.class)
                .isThrownBy(() -> read("[1,2]"))
                .withMessage("test input is not a report: it is not a JSON object");
        assertThatExceptionOfType(PipelineFailure.class)
                .isThrownBy(() -> read("{\"products\":[]}"))
                .withMessage("test input is not a report: it has no summary");
        assertThatExceptionOfType(PipelineFailure.class)
                .isThrownBy(() -> read("{\"summary\":[1]}"))
                .withMessage("test input is not a report: it has no summary");
        assertThatExceptionOfType(PipelineFailure.class)
                .isThrownBy(() -> read("{\"summary\":{"))
                .withMessageStartingWith("test input is not a readable report: ");
    }

    private static ReportSummary read(String json) {
        return ReportReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test input");
    }
}
