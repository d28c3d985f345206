package dev.pipeline.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import dev.pipeline.cli.CliTestRun;
import dev.pipeline.cli.stack.ChildProcess;
import dev.pipeline.cli.stack.PipelineHome;
import dev.pipeline.common.report.testing.ReportSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code pipeline up} as a user starts it (the packaged CLI jar, its own process): it prints where
 * everything is; a run posted to the fetcher's REST ends in a report the processor serves; both
 * actuators say UP; {@code status} and {@code report} find the services by themselves; and SIGTERM
 * (as Ctrl-C) stops every process it started, so nothing listens on their ports afterwards.
 */
class PipelineUpIT {

    /** The stand-in upstream's default data in the three reference sources, as in {@link PipelineRunIT}. */
    private static final Map<String, Long> REFERENCE_ITEMS =
            Map.of("dummyjson", 194L, "jsonplaceholder", 100L, "reqres", 12L);

    private static final String READY = "Ctrl-C stops everything this started.";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(3))
            .build();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private Process up;

    /** It runs the packaged CLI and services: build the whole reactor (./pipeline test), not this module alone. */
    @BeforeAll
    static void needsEveryServiceBuilt() {
        PipelineHome.locate().requireArtifacts(true, true);
    }

    @AfterEach
    void stopWhatATestLeftRunning() throws InterruptedException {
        if (up != null && up.isAlive()) {
            List<ProcessHandle> family = up.descendants().toList();
            up.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            family.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    @Timeout(600)
    void servesRunsOverRestUntilSigtermThenLeavesNothingRunning() throws Exception {
        PipelineHome home = PipelineHome.locate();
        Path out = dir.resolve("out");
        Path stderr = dir.resolve("up.err");
        long launched = System.nanoTime();
        up = new ProcessBuilder(
                        ChildProcess.javaExecutable(),
                        "-D" + PipelineHome.HOME_PROPERTY + "=" + home.root(),
                        "-jar",
                        home.root().resolve("local/cli/target/pipeline-cli.jar").toString(),
                        "up",
                        "--out",
                        out.toString())
                .redirectError(stderr.toFile())
                .start();
        StringBuffer stdout = collect(up);

        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> stdout.toString().contains(READY) || !up.isAlive());
        assertThat(up.isAlive())
                .as("up still running; stderr:%n%s", Files.readString(stderr))
                .isTrue();
        String printed = stdout.toString();
        System.out.printf("[up] ready after %.1f s%n", (System.nanoTime() - launched) / 1e9);
        String bootstrap = printed("(?m)^kafka +(127\\.0\\.0\\.1:\\d+)$", printed);
        URI upstream = URI.create(printed("(?m)^stand-in upstream +(http://\\S+)$", printed));
        URI fetcher = URI.create(printed("(?m)^fetcher +(http://127\\.0\\.0\\.1:\\d+/)api/runs$", printed));
        URI processor = URI.create(printed("(?m)^processor +(http://127\\.0\\.0\\.1:\\d+/)api/runs$", printed));
        assertThat(printed)
                .contains(
                        fetcher + "swagger-ui.html\n",
                        fetcher + "actuator/health\n",
                        processor + "swagger-ui.html\n",
                        processor + "actuator/health\n",
                        "curl -X POST " + fetcher + "api/runs\n",
                        "reports            " + out.toAbsolutePath() + "\n",
                        "./pipeline run --bootstrap-servers " + bootstrap + " --upstream-url " + base(upstream)
                                + " --out " + out.toAbsolutePath());
        List<ProcessHandle> started = up.descendants().toList();
        assertThat(started).as("broker, stand-in upstream, processor, fetcher").hasSizeGreaterThanOrEqualTo(4);

        HttpResponse<String> accepted = HTTP.send(
                HttpRequest.newBuilder(fetcher.resolve("api/runs"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String runId = JSON.readTree(accepted.body()).path("runId").asString();
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> "COMPLETE"
                        .equals(JSON.readTree(get(processor.resolve("api/runs/" + runId))
                                        .body())
                                .path("state")
                                .asString()));
        HttpResponse<String> served = get(processor.resolve("api/runs/" + runId + "/report"));
        assertThat(served.statusCode()).isEqualTo(200);
        JsonNode report = ReportSchema.readReport(served.body());
        assertThat(report.path("summary").path("total_products").asLong())
                .isEqualTo(report.path("products").size());
        assertThat(productsPerSource(report)).containsAllEntriesOf(REFERENCE_ITEMS);
        assertThat(out.resolve(runId + ".json")).exists();
        for (URI service : List.of(fetcher, processor)) {
            HttpResponse<String> health = get(service.resolve("actuator/health"));
            assertThat(health.statusCode()).as(service + " health").isEqualTo(200);
            assertThat(JSON.readTree(health.body()).path("status").asString())
                    .as(service + " health")
                    .isEqualTo("UP");
            assertThat(get(service.resolve("swagger-ui.html")).statusCode())
                    .as(service + " Swagger UI")
                    .isEqualTo(200);
        }

        Path state = home.runtimeDir().resolve("up.json");
        assertThat(JSON.readTree(state.toFile()).path("pid").asLong())
                .as("the pid in " + state)
                .isEqualTo(up.pid());
        CliTestRun status = CliTestRun.of("status");
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out())
                .contains("fetcher    %-28s UP".formatted(fetcher), "processor  %-28s UP".formatted(processor), runId);
        CliTestRun summary = CliTestRun.of("report", runId);
        assertThat(summary.exitCode()).as(summary.err()).isZero();
        assertThat(summary.out())
                .contains("products         "
                        + report.path("summary").path("total_products").asLong() + "\n");

        long terminated = System.nanoTime();
        up.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the shutdown hook stops everything
        assertThat(up.waitFor(90, TimeUnit.SECONDS)).as("up ended").isTrue();
        System.out.printf(
                "[up] exit %d, %.1f s after SIGTERM; its stderr:%n%s",
                up.exitValue(),
                (System.nanoTime() - terminated) / 1e9,
                Files.readString(stderr).indent(6));
        assertThat(up.exitValue())
                .as("a JVM ended by SIGTERM once its shutdown hooks ran")
                .isEqualTo(143);

        assertThat(started).as("processes up started").noneMatch(ProcessHandle::isAlive);
        assertThat(Files.readString(stderr)).contains("stopping local services...");
        List<Integer> ports = new ArrayList<>(List.of(
                fetcher.getPort(),
                processor.getPort(),
                upstream.getPort(),
                Integer.parseInt(bootstrap.substring(bootstrap.indexOf(':') + 1))));
        for (int port : ports) {
            assertThatExceptionOfType(ConnectException.class)
                    .as("port %d refuses connections", port)
                    .isThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close());
        }
        assertThat(state).as("the state file of an up that has ended").doesNotExist();
    }

    /** Reads the process's stdout as it comes: up never ends by itself. */
    private static StringBuffer collect(Process process) {
        StringBuffer text = new StringBuffer();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader lines = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                            text.append(line).append('\n');
                        }
                    } catch (IOException ex) {
                        // the process ended; what it printed is kept
                    }
                },
                "up-stdout");
        reader.setDaemon(true);
        reader.start();
        return text;
    }

    private static String printed(String regex, String text) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as("%s in:%n%s", regex, text).isTrue();
        return matcher.group(1);
    }

    private static HttpResponse<String> get(URI url) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(15)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String base(URI url) {
        return url.toString().replaceAll("/$", "");
    }

    private static Map<String, Long> productsPerSource(JsonNode report) {
        Map<String, Long> counts = new TreeMap<>();
        report.path("products")
                .forEach(product -> counts.merge(product.path("source").asString(), 1L, Long::sum));
        return counts;
    }
}
