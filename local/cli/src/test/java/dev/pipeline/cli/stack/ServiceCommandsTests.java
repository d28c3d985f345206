package dev.pipeline.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
    }

    @Test
    void theVariableIsSplitOnWhitespaceAndEmptyMeansNone() {
        assertThat(JvmOptions.forServices("  -XX:+UseSerialGC \t -XX:TieredStopAtLevel=1\n"))
                .containsExactly("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
        assertThat(JvmOptions.forServices(null)).isEmpty();
        assertThat(JvmOptions.forServices("  ")).isEmpty();
    }
}
