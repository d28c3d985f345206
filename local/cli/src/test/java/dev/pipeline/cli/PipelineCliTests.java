package dev.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.cli.stack.StackSettings;
import dev.pipeline.common.net.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PipelineCliTests {

    @Nested
    class UsageErrors {

        @TempDir
        Path dir;

        @Test
        void anUnknownOptionIsOneLineAndExitCodeTwo() {
            assertUsageError(
                    CommandRun.of("run", "--frobnicate"),
                    "pipeline run: Unknown option: '--frobnicate' (see 'pipeline run --help')\n");
        }

        @Test
        void aTimeoutThatIsNotADurationIsOneLine() {
            assertUsageError(
                    CommandRun.of("run", "--timeout", "soon"),
                    "pipeline run: Invalid value for option '--timeout': "
                            + "'soon' is not a duration (examples: 90s, 10m, PT10M) (see 'pipeline run --help')\n");
        }

        @Test
        void aBootstrapServerWithoutAPortIsOneLine() {
            assertUsageError(
                    CommandRun.of("run", "--bootstrap-servers", "kafka"),
                    "pipeline run: --bootstrap-servers must be HOST:PORT[,HOST:PORT...], not 'kafka' "
                            + "(see 'pipeline run --help')\n");
        }

        @Test
        void anOutputDirectoryThatCannotBeCreatedIsOneLine() throws IOException {
            Path file = Files.writeString(dir.resolve("a-file"), "not a directory");

            CommandRun run =
                    CommandRun.of("run", "--out", file.resolve("reports").toString());

            assertUsageError(run, null);
            assertThat(run.err()).startsWith("pipeline run: --out " + file.resolve("reports") + " cannot be created: ");
        }

        @Test
        void workersBelowOneAreOneLine() {
            assertUsageError(
                    CommandRun.of("run", "--workers", "0"),
                    "pipeline run: --workers must be between 1 and 1024, not 0 (see 'pipeline run --help')\n");
        }

        @Test
        void moreThanSixteenFetchersAreOneLine() {
            assertUsageError(
                    CommandRun.of("run", "--fetchers", "17"),
                    "pipeline run: --fetchers must be 1 to 16, not 17 (see 'pipeline run --help')\n");
        }

        @Test
        void workersThatAreNotANumberAreOneLine() {
            assertUsageError(
                    CommandRun.of("run", "--workers", "many"),
                    "pipeline run: Invalid value for option '--workers': 'many' is not an int (see 'pipeline run --help')\n");
        }

        @Test
        void aMissingArgsFileIsOneLine() {
            Path missing = dir.resolve("args.json");
            assertUsageError(
                    CommandRun.of("run", "--args-file", missing.toString()),
                    "pipeline run: --args-file " + missing + ": no such file (see 'pipeline run --help')\n");
        }

        @Test
        void anArgsFileThatIsNotJsonIsOneLine() throws IOException {
            Path file = Files.writeString(dir.resolve("args.json"), "[{\"url\": \"http://a.test\",\n");

            CommandRun run = CommandRun.of("run", "--args-file", file.toString());

            assertUsageError(run, null);
            assertThat(run.err()).startsWith("pipeline run: --args-file " + file + " is not valid JSON: ");
        }

        @Test
        void anUnreadableSourcesFileIsOneLine() throws IOException {
            Path file = Files.writeString(dir.resolve("sources.json"), "[]");
            if (!file.toFile().setReadable(false) || Files.isReadable(file)) {
                return; // running as root: every file is readable
            }
            assertUsageError(
                    CommandRun.of("run", "--sources", file.toString()),
                    "pipeline run: --sources " + file
                            + " cannot be read (permission denied) (see 'pipeline run --help')\n");
        }

        @Test
        void aUrlThatIsNotOneIsOneLine() {
            assertUsageError(
                    CommandRun.of("run", "--url", "dummyjson|d|true"),
                    "pipeline run: --url 'dummyjson|d|true': 'dummyjson' is not an absolute http(s) URL "
                            + "(see 'pipeline run --help')\n");
        }

        @Test
        void aServiceUrlThatIsNotHttpIsOneLine() {
            assertUsageError(
                    CommandRun.of("status", "--fetcher", "localhost:8080"),
                    "pipeline status: Invalid value for option '--fetcher': 'localhost:8080' is not an http(s) URL "
                            + "such as http://127.0.0.1:8080 (see 'pipeline status --help')\n");
        }

        @Test
        void aReportWithoutARunIdIsOneLine() {
            assertUsageError(
                    CommandRun.of("report"),
                    "pipeline report: Missing required parameter: 'RUN' (see 'pipeline report --help')\n");
        }

        @Test
        void aRunIdThatCannotBeOneIsOneLine() {
            assertUsageError(
                    CommandRun.of("report", "../etc/passwd"),
                    "pipeline report: Invalid value for positional parameter at index 0 (RUN): '../etc/passwd' is not "
                            + "a run id (1-64 letters, digits, '-' or '_', starting with a letter or digit) (see 'pipeline report --help')\n");
        }

        /** The services' rule (RunIds): an id they would refuse is refused here, before any request. */
        @Test
        void aRunIdTheServicesWouldRefuseIsRefusedHereToo() {
            assertUsageError(
                    CommandRun.of("status", "_run-1"),
                    "pipeline status: Invalid value for positional parameter at index 0 (RUN): '_run-1' is not "
                            + "a run id (1-64 letters, digits, '-' or '_', starting with a letter or digit) (see 'pipeline status --help')\n");
        }

        @Test
        void upChecksTheSameStackOptionsAsRunInItsOwnName() {
            assertUsageError(
                    CommandRun.of("up", "--processors", "0"),
                    "pipeline up: --processors must be 1 to 16, not 0 (see 'pipeline up --help')\n");
        }

        @Test
        void upHasNoRunToTimeOut() {
            assertUsageError(CommandRun.of("up", "--timeout", "5m"), null);
            assertThat(CommandRun.of("up", "--timeout", "5m").err()).startsWith("pipeline up: Unknown option");
        }

        @Test
        void noCommandIsOneLine() {
            assertUsageError(
                    CommandRun.of(),
                    "pipeline: missing command: run, up, status, report or help (see 'pipeline --help')\n");
        }

        private static void assertUsageError(CommandRun run, String expectedErr) {
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.out()).isEmpty();
            assertThat(run.err().lines()).hasSize(1);
            if (expectedErr != null) {
                assertThat(run.err()).isEqualTo(expectedErr);
            }
        }
    }

    @Nested
    class RunSettings {

        @TempDir
        Path dir;

        @Test
        void withoutSourcesStartTheStandInUpstreamAndKeepTheFetchersDefaults() {
            StackSettings settings = parse("--out", dir.toString());

            assertThat(settings.startsUpstream()).isTrue();
            assertThat(settings.startsBroker()).isTrue();
            assertThat(settings.fetcherArgs()).isEmpty();
            assertThat(settings.fetcherFiles()).isEmpty();
            assertThat(settings.shortRun())
                    .as("the stand-in's few hundred items")
                    .isTrue();
        }

        @Test
        void takesTheOriginalsSpellingOfArgsFile() throws IOException {
            Path args = Files.writeString(dir.resolve("args.json"), "[{\"url\":\"http://a.test/\",\"name\":\"A\"}]");

            StackSettings settings = parse("--out", dir.toString(), "--args_file", args.toString());

            assertThat(settings.startsUpstream()).isFalse();
            assertThat(settings.fetcherArgs()).isEmpty();
            assertThat(settings.fetcherFiles().get("pipeline.args-file")).contains("\"name\" : \"a\"");
        }

        @Test
        void namedSourcesReplaceTheStandInUpstreamAndReachTheFetcherWithItsWorkers() throws IOException {
            Path sources =
                    Files.writeString(dir.resolve("sources.json"), "[{\"name\":\"a\",\"url\":\"http://a.test/\"}]");

            StackSettings settings = parse(
                    "--out",
                    dir.toString(),
                    "--sources",
                    sources.toString(),
                    "--url",
                    "http://b.test/items?page={page}|B|true",
                    "--workers",
                    "7",
                    "--bootstrap-servers",
                    "127.0.0.1:9092");

            assertThat(settings.startsUpstream()).isFalse();
            assertThat(settings.shortRun()).as("real sources: any size").isFalse();
            assertThat(settings.bootstrapServers()).isEqualTo("127.0.0.1:9092");
            assertThat(settings.fetcherArgs())
                    .containsExactly(
                            "--pipeline.sources-file=" + sources.toAbsolutePath(), "--pipeline.fetch.workers=7");
            assertThat(settings.fetcherFiles()).containsOnlyKeys("pipeline.args-file");
            assertThat(settings.fetcherFiles().get("pipeline.args-file")).contains("\"name\" : \"b\"");
        }

        @Test
        void aRunningStandInUpstreamIsUsedRatherThanAnotherStarted() {
            StackSettings settings = parse("--out", dir.toString(), "--upstream-url", "http://127.0.0.1:37469/");

            assertThat(settings.startsUpstream()).isFalse();
            assertThat(settings.shortRun())
                    .as("a stand-in started elsewhere may serve any size")
                    .isFalse();
            assertThat(settings.fetcherArgs()).containsExactly("--pipeline.upstream-url=http://127.0.0.1:37469");
        }

        @Test
        void startsAsManyFetchersAndProcessorsAsAskedFor() {
            StackSettings settings = parse("--out", dir.toString(), "--fetchers", "2", "--processors", "3");

            assertThat(settings.fetchers()).isEqualTo(2);
            assertThat(settings.processors()).isEqualTo(3);
            assertThat(parse("--out", dir.toString()).fetchers()).isEqualTo(1);
        }

        @Test
        void anApiKeyGoesToTheStackAndIsShownNowhere() {
            StackSettings settings = parse("--out", dir.toString(), "--api-key", "s3cret-cli-key");

            assertThat(settings.apiKey()).isEqualTo("s3cret-cli-key");
            assertThat(settings.fetcherArgs()).noneMatch(arg -> arg.contains("s3cret-cli-key"));
            assertThat(settings.toString()).doesNotContain("s3cret-cli-key");
        }

        private static StackSettings parse(String... args) {
            RunCommand command = new RunCommand();
            new CommandLine(command).parseArgs(args);
            return command.stackSettings();
        }
    }

    @Nested
    class Help {

        @Test
        void listsTheCommands() {
            CommandRun run = CommandRun.of("help");

            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).contains("Usage: pipeline", "run", "status", "report");
        }

        @Test
        void describesEveryRunOption() {
            CommandRun run = CommandRun.of("run", "--help");

            assertThat(run.exitCode()).isZero();
            assertThat(run.out())
                    .contains(
                            "--url=URL|NAME|PAGED",
                            "--args-file, --args_file=FILE",
                            "--sources=FILE",
                            "--workers=N",
                            "--bootstrap-servers=HOST:PORT",
                            "--out=DIR",
                            "--quiet",
                            "--json",
                            "--timeout=DURATION",
                            "default: PT10M",
                            "--api-key=KEY",
                            "PIPELINE_SECURITY_API_KEY",
                            "Exit codes:");
        }

        @Test
        void describesEveryUpOptionWhichAreRunsStackOptions() {
            CommandRun run = CommandRun.of("up", "--help");

            assertThat(run.exitCode()).isZero();
            assertThat(run.out())
                    .contains(
                            "--url=URL|NAME|PAGED",
                            "--args-file, --args_file=FILE",
                            "--sources=FILE",
                            "--workers=N",
                            "--fetchers=N",
                            "--processors=N",
                            "--bootstrap-servers=HOST:PORT",
                            "--out=DIR",
                            "--api-key=KEY",
                            "Ctrl-C",
                            "Exit codes:")
                    .doesNotContain("--timeout", "--json", "--quiet");
        }
    }

    @Nested
    class ServicesThatAreNotThere {

        private final String nowhere = "http://127.0.0.1:" + FreePorts.pick(1)[0];

        @Test
        void statusShowsThemDownAndExitsOne() {
            CommandRun run = CommandRun.of("status", "--fetcher", nowhere, "--processor", nowhere);

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).containsSubsequence("fetcher", "DOWN", "processor", "DOWN");
        }

        @Test
        void reportIsOneLineNamingTheProcessorAndExitsOne() {
            CommandRun run = CommandRun.of("report", "r1", "--processor", nowhere);

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).startsWith("pipeline report: cannot reach the processor at " + nowhere + "/");
            assertThat(run.err().lines()).hasSize(1);
        }
    }
}
