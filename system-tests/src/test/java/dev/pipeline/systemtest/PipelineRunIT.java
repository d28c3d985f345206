package dev.pipeline.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.cli.CliTestRun;
import dev.pipeline.cli.stack.PipelineHome;
import dev.pipeline.common.report.testing.ReportSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The one-command local run, end to end, from the packaged jars: a real broker, the stand-in
 * upstream (194 products, 100 posts, 12 users by default), the processor and the fetcher.
 */
class PipelineRunIT {

    /** The stand-in upstream's default data in the three reference sources: 194 + 100 + 12 = 306. */
    private static final Map<String, Long> REFERENCE_ITEMS =
            Map.of("dummyjson", 194L, "jsonplaceholder", 100L, "reqres", 12L);

    @TempDir
    Path out;

    /** It runs the packaged services: build the whole reactor (./pipeline test), not this module alone. */
    @BeforeAll
    static void needsEveryServiceBuilt() {
        PipelineHome.locate().requireArtifacts(true, true);
    }

    @Test
    @Timeout(600)
    void runsEveryStandInItemThroughKafkaIntoOneReportAndLeavesNoProcessBehind() throws IOException {
        CliTestRun run = CliTestRun.of("run", "--out", out.toString(), "--timeout", "5m");

        assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.err()).isZero();
        List<Path> reports = reports();
        assertThat(reports).hasSize(1);
        JsonNode report = ReportSchema.readReport(reports.getFirst());
        long totalProducts = report.path("summary").path("total_products").asLong();
        assertThat(totalProducts).isEqualTo(report.path("products").size());
        assertThat(productsPerSource(report)).containsAllEntriesOf(REFERENCE_ITEMS);
        assertThat(run.out())
                .contains(
                        "products         " + totalProducts + "\n",
                        "report: " + reports.getFirst().toAbsolutePath());
        assertThat(run.interleaved())
                .as("the summary is printed before the stack stops, which takes seconds")
                .containsSubsequence("report: ", "stopping local services...");
        assertThat(ProcessHandle.current().descendants())
                .as("processes left running")
                .isEmpty();
    }

    /**
     * Counted per source because the fetcher's default configuration may add sources beyond the
     * three reference ones (a deliberately faulty one, httpbin); these must not hide a lost item.
     */
    private static Map<String, Long> productsPerSource(JsonNode report) {
        Map<String, Long> counts = new TreeMap<>();
        report.path("products")
                .forEach(product -> counts.merge(product.path("source").asString(), 1L, Long::sum));
        return counts;
    }

    private List<Path> reports() throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            return files.filter(file -> file.toString().endsWith(".json")).toList();
        }
    }
}
