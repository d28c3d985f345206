package dev.pipeline.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.fail;

import dev.pipeline.cli.CliTestRun;
import dev.pipeline.cli.stack.PipelineHome;
import dev.pipeline.common.net.FreePorts;
import dev.pipeline.common.report.testing.ReportSchema;
import dev.pipeline.upstream.Settings;
import dev.pipeline.upstream.StandInUpstream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;

/**
 * {@code pipeline run} with the original's options, end to end, as the original's own integration
 * tests ran it: the CLI in-process, the packaged processor and fetcher as its child processes,
 * one embedded broker for the class ({@code --bootstrap-servers}), and the stand-in upstream
 * in-process as the "real" API that {@code --url} and {@code --args-file} name. With real
 * sources named, the CLI starts no stand-in upstream of its own and the fetcher's default
 * sources are gone: every assertion is exact.
 */
@Timeout(180)
class RunWithSourcesIT {

    private static EmbeddedKafkaKraftBroker broker;
    private static StandInUpstream upstream;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBrokerAndUpstream() {
        PipelineHome home = PipelineHome.locate();
        for (Path jar : List.of(home.fetcherJar(), home.processorJar())) {
            if (!Files.isRegularFile(jar)) {
                fail(jar + " is missing: this test runs the packaged services; build the whole reactor "
                        + "(./pipeline test, or ./mvnw verify) rather than this module alone");
            }
        }
        // as the project's local broker: topics come from the services' declarations, never from a consumer
        broker = new EmbeddedKafkaKraftBroker(1, 3);
        broker.kafkaPorts(0).brokerProperty("auto.create.topics.enable", "false");
        // one broker: the fetcher's transactions need their state log on it
        broker.brokerProperty("transaction.state.log.replication.factor", "1");
        broker.brokerProperty("transaction.state.log.min.isr", "1");
        broker.afterPropertiesSet();
        upstream = StandInUpstream.start(0, Settings.defaults());
    }

    @AfterAll
    static void stopBrokerAndUpstream() {
        if (upstream != null) {
            upstream.close();
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    @AfterEach
    void leavesNoProcessBehind() {
        assertThat(ProcessHandle.current().descendants())
                .as("processes left running")
                .isEmpty();
    }

    @Test
    void oneUrlGivesExactlyThatSourcesProducts() {
        long before = upstream.requestCount("/dummyjson/");

        JsonNode report = runJson("--url", dummyJson() + "|DummyJSON|true", "--workers", "2");

        assertThat(products(report)).isEqualTo(ids("dummyjson", 194));
        assertThat(report.path("errors").size()).isZero();
        // skip=0, 50, 100, 150 (44 items), then 194: the empty page that ends it
        assertThat(requestCounts(report)).containsExactly(entry("dummyjson", 5L));
        assertThat(upstream.requestCount("/dummyjson/") - before).isEqualTo(5);
        assertThat(report.path("summary").path("sources").toString()).isEqualTo("[\"dummyjson\"]");
    }

    @Test
    void anArgsFileInTheOriginalsFormatFetchesEveryEndpointWithItsHeaders() throws IOException {
        Path args = Files.writeString(
                dir.resolve("args.json"), """
                [{"url": "%1$s", "name": "DummyJSON", "paged": true},
                 {"url": "%2$s/reqres/api/users?page={page}", "name": "Reqres", "paged": true,
                  "headers": {"x-api-key": "%3$s"}},
                 {"url": "%2$s/jsonplaceholder/posts", "name": "JSONPlaceholder", "paged": false}]
                """.formatted(dummyJson(), upstream.baseUrl(), Settings.DEFAULT_API_KEY));

        JsonNode report = runJson("--args-file", args.toString());

        Set<String> expected = new TreeSet<>(ids("dummyjson", 194));
        expected.addAll(ids("reqres", 12));
        expected.addAll(ids("jsonplaceholder", 100));
        assertThat(products(report)).isEqualTo(expected);
        assertThat(report.path("summary").path("total_products").asLong()).isEqualTo(306);
        assertThat(report.path("errors").size()).isZero();
        // reqres: pages 1 and 2 of 6 users, then the empty page 3
        assertThat(requestCounts(report))
                .containsExactly(entry("dummyjson", 5L), entry("jsonplaceholder", 1L), entry("reqres", 3L));
    }

    @Test
    void anEndpointGivenAsUrlAndInTheArgsFileIsFetchedOnce() throws IOException {
        Path args = Files.writeString(dir.resolve("args.json"), """
                [{"url": "%s", "name": "DummyJSON", "paged": true}]
                """.formatted(dummyJson()));
        long before = upstream.requestCount("/dummyjson/");

        JsonNode report = runJson(
                "--args-file",
                args.toString(),
                "--url",
                dummyJson() + "|dummy-again|true",
                "--url",
                upstream.baseUrl() + "/jsonplaceholder/posts|JSONPlaceholder|false");

        Set<String> expected = new TreeSet<>(ids("dummyjson", 194));
        expected.addAll(ids("jsonplaceholder", 100));
        assertThat(products(report)).isEqualTo(expected);
        assertThat(report.path("errors").size()).isZero();
        assertThat(requestCounts(report)).containsExactly(entry("dummyjson", 5L), entry("jsonplaceholder", 1L));
        assertThat(upstream.requestCount("/dummyjson/") - before)
                .as("requests for the endpoint named twice")
                .isEqualTo(5);
    }

    @Test
    void anUnreachableHostEndsAsAnErrorNamingItAndTheRunStillCompletes() throws IOException {
        String dead = "http://127.0.0.1:" + FreePorts.pick(1)[0] + "/x";
        Path out = dir.resolve("out");

        CliTestRun run = CliTestRun.of(
                "run",
                "--bootstrap-servers",
                broker.getBrokersAsString(),
                "--out",
                out.toString(),
                "--quiet",
                "--url",
                dead + "|dead|false");

        assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.err()).isZero();
        assertThat(run.out())
                .contains(
                        "products         0\n",
                        "errors           1\n",
                        "                 connect_error " + dead + "\n");
        Path reportFile = Path.of(run.out()
                .lines()
                .filter(line -> line.startsWith("report: "))
                .findFirst()
                .orElseThrow()
                .substring("report: ".length()));
        assertThat(reportFile.getParent()).isEqualTo(out.toAbsolutePath());
        JsonNode report = ReportSchema.readReport(reportFile);
        assertThat(report.path("products").size()).isZero();
        assertThat(report.path("errors").size()).isEqualTo(1);
        JsonNode error = report.path("errors").get(0);
        assertThat(error.path("endpoint").asString()).isEqualTo(dead);
        assertThat(error.path("kind").asString()).isEqualTo("connect_error");
        assertThat(error.path("source").asString()).isEqualTo("dead");
        assertThat(error.path("attempts").asInt())
                .as("tried, then retried twice")
                .isEqualTo(3);
        assertThat(requestCounts(report)).containsExactly(entry("dead", 3L));
        assertThat(report.path("summary").path("total_errors").asLong()).isEqualTo(1);
    }

    /** Runs the CLI with {@code --json}: its stdout is the report. */
    private JsonNode runJson(String... sourceArgs) {
        List<String> args = new ArrayList<>(List.of(
                "run",
                "--bootstrap-servers",
                broker.getBrokersAsString(),
                "--out",
                dir.resolve("out").toString(),
                "--quiet",
                "--json"));
        args.addAll(List.of(sourceArgs));
        CliTestRun run = CliTestRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.err()).isZero();
        return ReportSchema.readReport(run.out());
    }

    private static String dummyJson() {
        return upstream.baseUrl() + "/dummyjson/products?limit=50&skip={skip}";
    }

    /** {@code source:id} of every product, checked to hold no key twice. */
    private static Set<String> products(JsonNode report) {
        List<String> keys = new ArrayList<>();
        report.path("products")
                .forEach(p -> keys.add(
                        p.path("source").asString() + ":" + p.path("id").asString()));
        Set<String> unique = new TreeSet<>(keys);
        assertThat(unique).as("products counted once").hasSameSizeAs(keys);
        return unique;
    }

    private static Set<String> ids(String source, int count) {
        Set<String> ids = new TreeSet<>();
        IntStream.rangeClosed(1, count).forEach(id -> ids.add(source + ":" + id));
        return ids;
    }

    private static Map<String, Long> requestCounts(JsonNode report) {
        Map<String, Long> counts = new TreeMap<>();
        report.path("metrics")
                .path("source_request_counts")
                .forEachEntry((source, count) -> counts.put(source, count.asLong()));
        return counts;
    }
}
