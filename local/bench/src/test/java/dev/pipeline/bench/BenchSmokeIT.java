package dev.pipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.cli.stack.PipelineHome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Not a benchmark: {@code pipeline bench} with tiny workloads, so the harness cannot rot. Every
 * figure must be there and sane; how fast is not the question here.
 */
class BenchSmokeIT {

    private static final long RECORDS = 2_000;
    private static final int SEED_PAGES = 50;

    @TempDir
    Path out;

    /** It runs the packaged services: build the whole reactor (./pipeline test), not this module alone. */
    @BeforeAll
    static void needsEveryServiceBuilt() {
        PipelineHome.locate().requireArtifacts(true, true);
    }

    @Test
    @Timeout(300)
    void measuresEveryFigureOfATinyRunAndTheSeedWorkload() throws Exception {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int exit = PipelineBench.commandLine()
                .setOut(new PrintWriter(stdout, true))
                .setErr(new PrintWriter(stderr, true))
                .execute(
                        "bench",
                        "--records",
                        Long.toString(RECORDS),
                        "--seed-workload",
                        "--seed-pages",
                        Integer.toString(SEED_PAGES),
                        "--out",
                        out.toString(),
                        "--timeout",
                        "3m",
                        "--json");

        assertThat(exit).as("exit code; stderr:%n%s", stderr).isZero();
        JsonNode document = JsonMapper.builder().build().readTree(stdout.toString());
        JsonNode results = document.path("results");
        assertThat(results.size()).isEqualTo(2);

        JsonNode products = results.get(0);
        assertThat(products.path("workload").asString()).isEqualTo("products-" + RECORDS);
        assertThat(products.path("reportProducts").asLong()).isEqualTo(RECORDS);
        assertSane(products);
        assertThat(products.path("fetchRequests").asLong()).isEqualTo(RECORDS / 100);

        JsonNode seed = results.get(1);
        assertThat(seed.path("workload").asString()).isEqualTo("seed-" + SEED_PAGES + "-pages");
        assertThat(seed.path("reportProducts").asLong())
                .isBetween((long) SEED_PAGES, SEED_PAGES * 10L)
                .isEqualTo(seed.path("itemsFetched").asLong());
        assertThat(seed.path("pagesFetched").asLong()).isEqualTo(SEED_PAGES);
        assertSane(seed);

        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .anyMatch(name -> name.startsWith("bench-") && name.endsWith(".md"))
                    .anyMatch(name -> name.startsWith("bench-") && name.endsWith(".json"));
        }
        try (Stream<Path> files = Files.list(out)) {
            Path markdown = files.filter(file -> file.getFileName().toString().endsWith(".md"))
                    .findFirst()
                    .orElseThrow();
            assertThat(Files.readString(markdown))
                    .as("a CPU-per-product column per process, and #16's targets")
                    .contains("| CPU per product |") // the cost curve's, with one product workload, is not drawn
                    .containsPattern("\\| fetcher \\|[^\\n]*\\| [0-9.,]+ µs \\|")
                    .contains(
                            "≤ 1.5 s from the trigger to the report on disk",
                            "end to end ≥ 40 % of min(producer, consumer)");
        }
        assertThat(stderr.toString())
                .as("the sampling's own requests, said")
                .containsPattern("sampling: \\d+ actuator requests during the run");
        try (Stream<Path> reports = Files.list(out.resolve("reports"))) {
            assertThat(reports).as("reports are deleted unless --keep-reports").isEmpty();
        }
        assertThat(ProcessHandle.current().descendants())
                .as("processes left running")
                .isEmpty();
    }

    private static void assertSane(JsonNode result) {
        assertThat(result.path("reportErrors").asLong()).isZero();
        assertThat(result.path("endToEndSeconds").asDouble()).isPositive();
        assertThat(result.path("endToEndRecordsPerSecond").asDouble()).isPositive();
        assertThat(result.path("fetchRequestsPerSecond").asDouble()).isPositive();
        assertThat(result.path("producer").path("recordsPerSecond").asDouble()).isPositive();
        assertThat(result.path("producer").path("records").asLong())
                .isEqualTo(result.path("reportProducts").asLong());
        assertThat(result.path("consumer").path("records").asLong())
                .isEqualTo(result.path("reportProducts").asLong());
        assertThat(result.path("consumer").path("fetchRecordsPerSecond").asDouble())
                .isPositive();
        assertThat(result.path("ratioToMin").asDouble()).isPositive();
        assertThat(result.path("ratioToSerial").asDouble())
                .isPositive()
                .isLessThanOrEqualTo(result.path("ratioToMin").asDouble() * 2 + 1e-9);
        assertThat(result.path("recordBytes").asDouble()).isBetween(50.0, 2_000.0);
        assertThat(result.path("partitions").asInt()).isEqualTo(3);
        assertThat(result.path("lastConsumedToReportMaxSeconds").asDouble())
                .isGreaterThanOrEqualTo(
                        result.path("lastConsumedToReportMinSeconds").asDouble());
        assertThat(result.path("reportWriteSeconds").asDouble()).isPositive();
        for (String service : Service.SPRING) {
            JsonNode figures = result.path("services").path(service);
            assertThat(figures.path("peakHeapBytes").asLong())
                    .as(service + " heap")
                    .isBetween(1L, 256L << 20);
            assertThat(figures.path("gcPauses").isIntegralNumber())
                    .as(service + " GC pauses")
                    .isTrue();
        }
        for (String service : Service.ALL) {
            JsonNode figures = result.path("services").path(service);
            assertThat(figures.path("peakRssBytes").asLong())
                    .as(service + " RSS")
                    .isPositive();
            assertThat(figures.path("cpuSeconds").asDouble())
                    .as(service + " CPU")
                    .isGreaterThanOrEqualTo(0);
        }
    }
}
