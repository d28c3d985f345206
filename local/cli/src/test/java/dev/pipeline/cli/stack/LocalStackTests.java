package dev.pipeline.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.pipeline.common.net.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process orchestration, with fake services and a given cluster, so no Kafka and no Spring start. */
class LocalStackTests {

    private static final String GIVEN_CLUSTER = "127.0.0.1:9";

    @TempDir
    Path root;

    private final List<String> said = new ArrayList<>();

    @AfterEach
    void leavesNoProcessBehind() {
        assertThat(ProcessHandle.current().descendants()).isEmpty();
    }

    @Test
    void startsEveryServiceHealthyOnFreePortsAndStopsThemAllOnClose() throws IOException {
        PipelineHome home = FakeServiceJars.home(root, null);
        URI fetcher;
        URI processor;
        try (LocalStack stack =
                LocalStack.start(home, StackSettings.of(GIVEN_CLUSTER, root.resolve("out")), said::add)) {
            fetcher = stack.fetcherUrl();
            processor = stack.processorUrl();
            assertThat(HealthCheck.ACTUATOR.passes(fetcher)).isTrue();
            assertThat(HealthCheck.ACTUATOR.passes(processor)).isTrue();
            assertThat(stack.bootstrapServers()).isEqualTo(GIVEN_CLUSTER);
            stack.ensureRunning();
        }
        assertThat(FreePorts.isFree(fetcher.getPort())).isTrue();
        assertThat(FreePorts.isFree(processor.getPort())).isTrue();
        assertThat(said)
                .anyMatch(line -> line.startsWith("fetcher ready at "))
                .anyMatch(line -> line.startsWith("processor ready at "))
                .anyMatch(line -> line.startsWith("stand-in-upstream ready at "));
    }

    @Test
    void passesEachServiceItsPortKafkaAndTheOtherServicesAddresses() throws IOException {
        PipelineHome home = FakeServiceJars.home(root, null);
        try (LocalStack stack =
                LocalStack.start(home, StackSettings.of(GIVEN_CLUSTER, root.resolve("out")), said::add)) {
            String fetcherLog = Files.readString(home.logsDir().resolve("fetcher.log"));
            assertThat(fetcherLog)
                    .contains(
                            "--server.port=" + stack.fetcherUrl().getPort(),
                            "--server.address=127.0.0.1",
                            "--spring.kafka.bootstrap-servers=" + GIVEN_CLUSTER,
                            "--pipeline.upstream-url=http://127.0.0.1:");
            assertThat(fetcherLog)
                    .as("topic creation fails the service rather than being skipped")
                    .contains("--spring.kafka.admin.fail-fast=true");
            assertThat(fetcherLog)
                    .as("on a given cluster, which is up, KafkaAdmin's own timeouts")
                    .doesNotContain("--spring.kafka.admin.operation-timeout");
            assertThat(fetcherLog)
                    .as("on a given cluster, an instance id no other stack's fetcher has")
                    .containsPattern("--pipeline\\.tasks\\.instance-id=fetcher-1-[0-9a-f]{8}[,\\]]");
            assertThat(Files.readString(home.logsDir().resolve("processor.log")))
                    .contains(
                            "--server.address=127.0.0.1",
                            "--spring.kafka.admin.fail-fast=true",
                            "--pipeline.processor.output-dir="
                                    + root.resolve("out").toAbsolutePath(),
                            "--pipeline.processor.work-dir=" + home.runtimeDir().resolve("processor-"));
            assertThat(Files.readString(home.logsDir().resolve("stand-in-upstream.log")))
                    .contains("--port,");
        }
        try (Stream<Path> left = Files.list(home.runtimeDir())) {
            assertThat(left)
                    .as("scratch directories after close (the start-up caches under aot/ are kept across runs)")
                    .filteredOn(dir -> !dir.equals(home.runtimeDir().resolve("aot")))
                    .containsExactly(home.logsDir());
        }
    }

    @Test
    void handsBothServicesTheApiKeyInTheirEnvironmentAndNeverOnTheirCommandLine() throws IOException {
        PipelineHome home = FakeServiceJars.home(root, null);
        StackSettings settings =
                StackSettings.of(GIVEN_CLUSTER, root.resolve("out")).withApiKey("k3y-for-the-stack");
        try (LocalStack stack = LocalStack.start(home, settings, said::add)) {
            for (String service : List.of("fetcher.log", "processor.log")) {
                String log = Files.readString(home.logsDir().resolve(service));
                assertThat(log).as(service).contains("fake service api key: k3y-for-the-stack");
                assertThat(log.lines().filter(line -> line.startsWith("fake service starting with")))
                        .as(service + " command line")
                        .singleElement()
                        .asString()
                        .doesNotContain("k3y-for-the-stack");
            }
        }
        assertThat(settings.toString()).doesNotContain("k3y-for-the-stack");
    }

    @Test
    void givesTheServicesNoApiKeyWhenNoneIsAskedFor() throws IOException {
        PipelineHome home = FakeServiceJars.home(root, null);
        try (LocalStack stack =
                LocalStack.start(home, StackSettings.of(GIVEN_CLUSTER, root.resolve("out")), said::add)) {
            assertThat(Files.readString(home.logsDir().resolve("fetcher.log")))
                    .contains("fake service api key: (none)");
        }
    }

    @Test
    void startsNoStandInUpstreamWhenRealSourcesAreNamedAndHandsTheFetcherItsFiles() throws IOException {
        PipelineHome home = FakeServiceJars.home(root, "stand-in-upstream"); // would fail the start if launched
        StackSettings settings = StackSettings.of(GIVEN_CLUSTER, root.resolve("out"))
                .withoutUpstream()
                .withFetcherArgs(List.of("--pipeline.fetch.workers=3"))
                .withFetcherFile("pipeline.args-file", "[{\"url\":\"http://api.test/x\",\"name\":\"x\"}]");
        try (LocalStack stack = LocalStack.start(home, settings, said::add)) {
            String fetcherLog = Files.readString(home.logsDir().resolve("fetcher.log"));
            assertThat(fetcherLog).contains("--pipeline.fetch.workers=3").doesNotContain("--pipeline.upstream-url");
            Path argsFile = Path.of(fetcherLog.replaceAll("(?s).*--pipeline\\.args-file=([^,\\]\\s]+).*", "$1"));
            assertThat(argsFile)
                    .startsWith(home.runtimeDir())
                    .content()
                    .isEqualTo("[{\"url\":\"http://api.test/x\",\"name\":\"x\"}]");
        }
        assertThat(said).noneMatch(line -> line.startsWith("stand-in-upstream"));
        try (Stream<Path> left = Files.list(home.runtimeDir())) {
            assertThat(left).as("scratch directories after close").containsExactly(home.logsDir());
        }
    }

    @Test
    void survivesADeadInstanceWhileAnotherOfItsServiceLivesAndAsksTheLivingOne() throws IOException {
        PipelineHome home = FakeServiceJars.home(root, null);
        List<String> warned = new ArrayList<>();
        StackSettings settings =
                StackSettings.of(GIVEN_CLUSTER, root.resolve("out")).withInstances(2, 2);
        try (LocalStack stack = LocalStack.start(home, settings, said::add, warned::add)) {
            assertThat(stack.instanceToAsk("processor"))
                    .contains(stack.processorUrls().getFirst());

            stack.killProcessor(1);
            stack.ensureRunning();
            stack.ensureRunning();

            assertThat(warned).containsExactly("processor exited with code 137; carrying on with processor-2");
            assertThat(stack.instanceToAsk("processor"))
                    .contains(stack.processorUrls().get(1));
            assertThat(stack.instanceToAsk("fetcher"))
                    .contains(stack.fetcherUrls().getFirst());

            stack.killProcessor(2);
            assertThatExceptionOfType(PipelineFailure.class)
                    .isThrownBy(stack::ensureRunning)
                    .withMessage("processor-2 exited with code 137; no processor is left");
        }
    }

    @Test
    void setsTheProcessorsApartWithOwnOutputDirectoriesAndTheObjectStoreEachReachesItsOwnWay() throws IOException {
        PipelineHome home = FakeServiceJars.home(root, null);
        Path out = root.resolve("out").toAbsolutePath();
        StackSettings settings = StackSettings.of(GIVEN_CLUSTER, out)
                .withInstances(1, 2)
                .withOwnOutputDirectories()
                .withObjectStore((instance, store) -> instance == 1 ? store : URI.create("http://relay-2.invalid:9/"))
                .withProcessorEnvironment(Map.of("AWS_ACCESS_KEY_ID", "given-for-every-processor"));
        try (LocalStack stack = LocalStack.start(home, settings, said::add)) {
            LocalObjectStore store = stack.objectStore().orElseThrow();
            assertThat(HealthCheck.UPSTREAM.passes(store.endpoint())).isTrue();
            String storeLog = Files.readString(home.logsDir().resolve("object-store.log"));
            assertThat(storeLog)
                    .contains(
                            "--http.port=" + store.endpoint().getPort(),
                            "--com.adobe.testing.s3mock.store.initial-buckets=" + LocalObjectStore.BUCKET,
                            "--com.adobe.testing.s3mock.store.root="
                                    + home.runtimeDir().resolve("object-store-"));
            String first = Files.readString(home.logsDir().resolve("processor.log"));
            String second = Files.readString(home.logsDir().resolve("processor-2.log"));
            for (String log : List.of(first, second)) {
                assertThat(log)
                        .contains(
                                "--pipeline.processor.reports.store=s3",
                                "--pipeline.processor.reports.s3.bucket=" + LocalObjectStore.BUCKET,
                                "--pipeline.processor.reports.s3.path-style=true",
                                "--pipeline.processor.reports.s3.region=" + LocalObjectStore.REGION,
                                "fake service aws access key id: given-for-every-processor");
            }
            assertThat(first)
                    .contains(
                            "--pipeline.processor.output-dir=" + out.resolve("processor-1") + ",",
                            "--pipeline.processor.reports.s3.endpoint="
                                    + store.endpoint().toString().replaceAll("/$", "") + ",");
            assertThat(second)
                    .contains(
                            "--pipeline.processor.output-dir=" + out.resolve("processor-2") + ",",
                            "--pipeline.processor.reports.s3.endpoint=http://relay-2.invalid:9,");

            stack.killProcessor(2);
            stack.restartProcessor(2);

            assertThat(Files.readString(home.logsDir().resolve("processor-2-restarted.log")))
                    .as("the restarted instance, as it was started")
                    .contains(
                            "--server.port=" + stack.processorUrls().get(1).getPort(),
                            "--pipeline.processor.output-dir=" + out.resolve("processor-2") + ",",
                            "fake service aws access key id: given-for-every-processor");
            assertThat(HealthCheck.ACTUATOR.passes(stack.processorUrls().get(1)))
                    .isTrue();
            stack.ensureRunning();
        }
        assertThat(settings.toString()).doesNotContain("given-for-every-processor");
    }

    @Test
    void withoutAnObjectStoreTheProcessorsGetNoneOfItsSettings() throws IOException {
        PipelineHome home = FakeServiceJars.home(root, null);
        try (LocalStack stack =
                LocalStack.start(home, StackSettings.of(GIVEN_CLUSTER, root.resolve("out")), said::add)) {
            assertThat(stack.objectStore()).isEmpty();
            assertThat(Files.readString(home.logsDir().resolve("processor.log")))
                    .doesNotContain("--pipeline.processor.reports.", "fake service aws access key id: local");
            assertThat(home.logsDir().resolve("object-store.log")).doesNotExist();
        }
    }

    @Test
    void failsFastWithTheLogTailOfAServiceThatDiesAndStopsTheOthers() throws IOException {
        PipelineHome home = FakeServiceJars.home(root, "processor");
        assertThatExceptionOfType(PipelineFailure.class)
                .isThrownBy(
                        () -> LocalStack.start(home, StackSettings.of(GIVEN_CLUSTER, root.resolve("out")), said::add))
                .withMessage("processor exited with code 3")
                .satisfies(failure -> assertThat(failure.excerpt()).hasValueSatisfying(excerpt -> {
                    assertThat(excerpt.log()).isEqualTo(home.logsDir().resolve("processor.log"));
                    assertThat(excerpt.lines()).contains(FakeService.FAILURE_LINE);
                }));
    }

    @Test
    void namesEveryMissingArtifactBeforeStartingAnything() {
        Path bare = root.resolve("bare");
        PipelineHome home = new PipelineHome(bare);
        assertThatExceptionOfType(PipelineFailure.class)
                .isThrownBy(() -> LocalStack.start(home, StackSettings.of(null, root.resolve("out")), said::add))
                .withMessageContaining("local/kafka-broker/target/classpath.txt")
                .withMessageContaining("fetcher-service/target/fetcher-service.jar")
                .withMessageContaining("processor-service/target/processor-service.jar")
                .withMessageContaining("stand-in-upstream")
                .withMessageEndingWith("build with ./pipeline build");
    }
}
