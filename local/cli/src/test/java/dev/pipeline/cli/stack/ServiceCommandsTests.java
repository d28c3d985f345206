package dev.pipeline.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The services' command lines: which JVM options reach which process. */
class ServiceCommandsTests {

    @TempDir
    Path root;

    @Test
    void servicesOnlyOptionsReachTheFetcherAndTheProcessorButNotTheUpstream() throws IOException {
        PipelineHome home = FakeServiceJars.home(root, null);
        ServiceCommands commands = new ServiceCommands(
                home,
                StackSettings.of("127.0.0.1:9", root.resolve("out")),
                "127.0.0.1:9",
                new AotCache(root.resolve("aot"), false),
                List.of("-XX:+UseParallelGC", "-XX:CICompilerCount=2"));

        List<String> fetcher = commands.fetcher(1, 8081, Optional.of(URI.create("http://127.0.0.1:1/")), root)
                .command();
        List<String> processor =
                commands.processor(1, 8082, root.resolve("work")).command();
        List<String> upstream = commands.upstream(8083).command();

        assertThat(fetcher).containsSubsequence("-Xmx256m", "-XX:+UseParallelGC", "-XX:CICompilerCount=2", "-jar");
        assertThat(processor).containsSubsequence("-Xmx256m", "-XX:+UseParallelGC", "-XX:CICompilerCount=2", "-jar");
        assertThat(upstream).contains("-Xmx256m").doesNotContain("-XX:+UseParallelGC", "-XX:CICompilerCount=2");
        // The stand-in compiles with C1 only in every stack; the services keep C2 outside a short run.
        assertThat(upstream).containsSubsequence("-XX:TieredStopAtLevel=1", "-jar");
        assertThat(fetcher).doesNotContain("-XX:TieredStopAtLevel=1");
        assertThat(processor).doesNotContain("-XX:TieredStopAtLevel=1");
    }

    /** The services' own options come last, after a short run's C1-only flag, so one given there wins. */
    @Test
    void servicesOnlyOptionsComeAfterTheStacksOwn() throws IOException {
        PipelineHome home = FakeServiceJars.home(root, null);
        ServiceCommands commands = new ServiceCommands(
                home,
                StackSettings.of("127.0.0.1:9", root.resolve("out")).asShortRun(),
                "127.0.0.1:9",
                new AotCache(root.resolve("aot"), false),
                List.of("-XX:TieredStopAtLevel=4"));

        assertThat(commands.processor(1, 8082, root.resolve("work")).command())
                .containsSubsequence("-XX:TieredStopAtLevel=1", "-XX:TieredStopAtLevel=4", "-jar");
    }

    /** A start-up cache's training runs under the stack's options only: a mistyped extra one cannot mark it failed. */
    @Test
    void servicesOnlyOptionsAreNotInTheTrainings() throws IOException {
        PipelineHome home = FakeServiceJars.home(root, null);
        bootJar(home.processorJar());
        bootJar(home.fetcherJar());
        ServiceCommands commands = new ServiceCommands(
                home,
                StackSettings.of("127.0.0.1:9", root.resolve("out")),
                "127.0.0.1:9",
                new AotCache(root.resolve("aot"), true),
                List.of("-XX:+UseParallelGC"));

        assertThat(commands.trainings(root.resolve("training")))
                .isNotEmpty()
                .allSatisfy(training ->
                        assertThat(training.jvmOptions()).contains("-Xmx256m").doesNotContain("-XX:+UseParallelGC"));
    }

    /** What makes a jar a Spring Boot service's in {@link AotCache#isBootJar}: its manifest's attribute. */
    private static void bootJar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Spring-Boot-Version", "4.1.2");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
    }

    @Test
    void theVariableIsSplitOnWhitespaceAndEmptyMeansNone() {
        assertThat(JvmOptions.forServices("  -XX:+UseSerialGC \t -XX:TieredStopAtLevel=1\n"))
                .containsExactly("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
        assertThat(JvmOptions.forServices(null)).isEmpty();
        assertThat(JvmOptions.forServices("  ")).isEmpty();
    }
}
