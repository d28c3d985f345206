package dev.pipeline.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeline.cli.stack.PipelineHome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The one-command local run, end to end, from the packaged jars: a real broker, the stand-in
 * upstream (194 products, 100 posts, 12 users by default), the processor and the fetcher.
 */
class PipelineRunIT {

    private static final int STAND_IN_ITEMS = 194 + 100 + 12;

    @TempDir
    Path out;

    @BeforeAll
    static void needsEveryServiceBuilt() {
        PipelineHome home = PipelineHome.locate();
        for (Path jar : List.of(home.brokerClasspath(), home.fetcherJar(), home.processorJar())) {
            if (!Files.isRegularFile(jar)) {
                fail(jar + " is missing: this test runs the packaged services; build the whole reactor "
                        + "(./pipeline test, or ./mvnw verify) rather than this module alone");
            }
        }
        if (home.upstreamJar().isEmpty()) {
            fail("no runnable stand-in upstream jar under local/stand-in-upstream/target: build the whole reactor");
        }
    }

    @Test
    @Timeout(600)
    void runsEveryStandInItemThroughKafkaIntoOneReportAndLeavesNoProcessBehind() throws IOException {
        CommandRun run = CommandRun.of("run", "--out", out.toString(), "--quiet", "--timeout", "5m");

        assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.err()).isZero();
        List<Path> reports = reports();
        assertThat(reports).hasSize(1);
        JsonNode summary = JsonMapper.builder().build().readTree(reports.getFirst().toFile()).path("summary");
        assertThat(summary.path("total_products").asLong()).isEqualTo(STAND_IN_ITEMS);
        assertThat(run.out()).contains("products         " + STAND_IN_ITEMS + "\n",
                "report: " + reports.getFirst().toAbsolutePath());
        assertThat(ProcessHandle.current().descendants()).as("processes left running").isEmpty();
    }

    private List<Path> reports() throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            return files.filter(file -> file.toString().endsWith(".json")).toList();
        }
    }
}
