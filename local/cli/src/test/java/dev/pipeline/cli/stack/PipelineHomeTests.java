package dev.pipeline.cli.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineHomeTests {

    @TempDir
    Path root;

    @Test
    void findsTheRepositoryThreeDirectoriesAboveTheCliJarsTargetDirectory() throws IOException {
        markAsRepository(root);
        Path jar = root.resolve("local/cli/target/pipeline-cli.jar");

        assertThat(PipelineHome.fromJar(jar.toString())).contains(new PipelineHome(root));
    }

    @Test
    void ignoresAClassPathThatIsNotTheCliJar() throws IOException {
        markAsRepository(root);

        assertThat(PipelineHome.fromJar(root.resolve("local/cli/target/classes").toString())).isEmpty();
        assertThat(PipelineHome.fromJar("/elsewhere/pipeline-cli.jar")).isEmpty();
    }

    @Test
    void findsTheRepositoryFromAnyDirectoryInsideIt() throws IOException {
        markAsRepository(root);
        Path deep = Files.createDirectories(root.resolve("local/cli/target"));

        assertThat(PipelineHome.searchUp(deep)).contains(new PipelineHome(root));
    }

    @Test
    void keepsRuntimeFilesUnderDotPipeline() {
        PipelineHome home = new PipelineHome(root);

        assertThat(home.logsDir()).isEqualTo(root.resolve(".pipeline/logs"));
        assertThat(home.brokerClasspath()).isEqualTo(root.resolve("local/kafka-broker/target/classpath.txt"));
    }

    @Test
    void picksTheStandInUpstreamJarThatCanRunOverAPlainOne() throws IOException {
        Path target = Files.createDirectories(root.resolve("local/stand-in-upstream/target"));
        FakeServiceJars.write(target.resolve("stand-in-upstream-0.1.0-SNAPSHOT-exec.jar"), false);
        writePlainJar(target.resolve("stand-in-upstream-0.1.0-SNAPSHOT.jar"));

        assertThat(new PipelineHome(root).upstreamJar()).contains(target.resolve("stand-in-upstream-0.1.0-SNAPSHOT-exec.jar"));
    }

    @Test
    void findsNoStandInUpstreamJarWhenNoneCanRun() throws IOException {
        Path target = Files.createDirectories(root.resolve("local/stand-in-upstream/target"));
        writePlainJar(target.resolve("stand-in-upstream-0.1.0-SNAPSHOT.jar"));

        assertThat(new PipelineHome(root).upstreamJar()).isEmpty();
    }

    private static void writePlainJar(Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("readme.txt"));
            out.write("no main class".getBytes());
        }
    }

    private static void markAsRepository(Path root) throws IOException {
        Files.createDirectories(root.resolve("local/kafka-broker"));
        Files.writeString(root.resolve("pom.xml"), "<project/>");
    }
}
