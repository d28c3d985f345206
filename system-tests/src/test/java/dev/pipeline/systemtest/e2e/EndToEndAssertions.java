package dev.pipeline.systemtest.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pipeline.cli.CliTestRun;
import dev.pipeline.cli.report.ExpectedReport;
import dev.pipeline.common.report.testing.ReportSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import tools.jackson.databind.JsonNode;

/**
 * The one end-to-end check, whatever the broker: `pipeline run --bootstrap-servers` over the
 * stand-in upstream, then the report against figures computed independently.
 */
final class EndToEndAssertions {

    private EndToEndAssertions() {}

    static void runAndCheck(String bootstrapServers, Path out) throws Exception {
        CliTestRun run = CliTestRun.of(
                "run", "--bootstrap-servers", bootstrapServers, "--out", out.toString(), "--quiet", "--timeout", "5m");
        assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.err()).isZero();

        ExpectedReport expected = ExpectedReport.forDefaultRun();
        JsonNode report = ReportSchema.readReport(onlyReport(out));
        JsonNode summary = report.get("summary");
        assertThat(summary.get("total_products").asLong()).isEqualTo(expected.products());
        assertThat(report.get("products")).hasSize((int) expected.products());
        assertThat(summary.get("total_errors").asLong()).isEqualTo(expected.errors());
        assertThat(report.get("errors")).hasSize((int) expected.errors());
        assertThat(summary.get("success_rate").asDouble()).isEqualTo(expected.successRate());

        JsonNode prices = report.get("metrics").get("price_metrics");
        assertThat(prices.get("valid_price_count").asInt())
                .isEqualTo(expected.prices().size());
        assertThat(prices.get("min_price").asDouble()).isEqualTo(expected.min(), within(0.005));
        assertThat(prices.get("max_price").asDouble()).isEqualTo(expected.max(), within(0.005));
        assertThat(prices.get("average_price").asDouble()).isEqualTo(expected.average());
        assertThat(prices.get("median_price").asDouble()).isEqualTo(expected.median());

        Map<String, Long> categories = new TreeMap<>();
        report.get("metrics")
                .get("category_distribution")
                .properties()
                .forEach(e -> categories.put(e.getKey(), e.getValue().asLong()));
        assertThat(categories).isEqualTo(expected.categories());
        Map<String, Long> requests = new TreeMap<>();
        report.get("metrics")
                .get("source_request_counts")
                .properties()
                .forEach(e -> requests.put(e.getKey(), e.getValue().asLong()));
        assertThat(requests).isEqualTo(new TreeMap<>(expected.requests()));

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "pipeline.products");
            Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    private static Path onlyReport(Path out) throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            List<Path> reports = files.filter(f -> f.getFileName().toString().matches("run-.*\\.json"))
                    .toList();
            assertThat(reports).hasSize(1);
            return reports.getFirst();
        }
    }
}
