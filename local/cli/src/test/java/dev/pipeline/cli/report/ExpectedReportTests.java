package dev.pipeline.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The figures compose-check and the end-to-end tests hold reports to, and how a mismatch reads. */
class ExpectedReportTests {

    @Test
    void aDefaultRunIsTheGeneratorsProductsPostsUsersAndTheFaultyApisValidItems() throws Exception {
        ExpectedReport expected = ExpectedReport.forDefaultRun();

        assertThat(expected.products()).as("as the README shows").isEqualTo(321);
        assertThat(expected.errors()).isEqualTo(4);
        assertThat(expected.categories().get("unknown")).isGreaterThanOrEqualTo(112);
        assertThat(expected.requests()).containsEntry("dummyjson", 10L).containsEntry("faulty", 7L);
    }

    @Test
    void moreProductsMeanMorePagesAndSpentFaultsMeanNoRetries() throws Exception {
        ExpectedReport expected = ExpectedReport.forDefaultSources(4000, true);

        assertThat(expected.requests()).containsEntry("dummyjson", 200L).containsEntry("faulty", 5L);
        assertThat(expected.products()).isEqualTo(ExpectedReport.forDefaultRun().products() + 4000 - 194);
    }

    @Test
    void aReportWithTheExpectedFiguresHasNoDifferencesAndAnyOtherFigureIsNamed() throws Exception {
        ExpectedReport expected = ExpectedReport.forDefaultRun();
        ReportSummary matching = summary(expected, expected.products(), expected.requests());

        assertThat(expected.differences(matching)).isEmpty();

        ReportSummary oneShort = summary(expected, expected.products() - 1, Map.of("dummyjson", 10L));
        assertThat(expected.differences(oneShort))
                .anySatisfy(line -> assertThat(line).startsWith("total_products: expected"))
                .anySatisfy(line -> assertThat(line).startsWith("source_request_counts: expected"));
    }

    private static ReportSummary summary(ExpectedReport expected, long products, Map<String, Long> requests) {
        return new ReportSummary(
                "run-1",
                products,
                expected.errors(),
                expected.successRate(),
                new PriceMetrics(
                        Math.round(expected.min() * 100) / 100.0,
                        Math.round(expected.max() * 100) / 100.0,
                        expected.average(),
                        expected.median(),
                        expected.prices().size()),
                expected.categories(),
                requests,
                List.of());
    }
}
