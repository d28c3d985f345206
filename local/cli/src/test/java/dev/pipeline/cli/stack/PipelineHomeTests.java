package dev.pipeline.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

        assertThat(PipelineHome.fromJar(root.resolve("local/cli/target/classes").toString()))
                .isEmpty();
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
    void aBrokerClassPathWithoutItsLauncherIsNotBuilt() throws IOException {
        PipelineHome home = new PipelineHome(root);
        for (Path file : List.of(home.brokerClasspath(), home.fetcherJar(), home.processorJar())) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "built");
        }

        assertThat(home.brokerLauncherJar())
                .isEqualTo(root.resolve("local/kafka-broker/target/kafka-broker-launcher.jar"));
        assertThatThrownBy(() -> home.requireArtifacts(true, false))
                .isInstanceOf(PipelineFailure.class)
                .hasMessage(
                        "not built yet: local/kafka-broker/target/kafka-broker-launcher.jar; build with ./pipeline build");

        Files.writeString(home.brokerLauncherJar(), "built");
        home.requireArtifacts(true, false);
    }

    @Test
    void picksTheSelfContainedStandInUpstreamJarOverThePlainOnes() throws IOException {
        Path target = Files.createDirectories(root.resolve("local/stand-in-upstream/target"));
        writeJar(target.resolve("stand-in-upstream-0.1.0-SNAPSHOT.jar"), true, 1_000);
        writeJar(target.resolve("stand-in-upstream.jar"), true, 100_000);
        writeJar(target.resolve("stand-in-upstream-sources.jar"), false, 200_000);
        writeJar(target.resolve("other.jar"), true, 300_000);

        assertThat(new PipelineHome(root).upstreamJar()).contains(target.resolve("stand-in-upstream.jar"));
    }

    @Test
    void findsNoStandInUpstreamJarWhenNoneCanRun() throws IOException {
        Path target = Files.createDirectories(root.resolve("local/stand-in-upstream/target"));
        writeJar(target.resolve("stand-in-upstream-0.1.0-SNAPSHOT.jar"), false, 1_000);

        assertThat(new PipelineHome(root).upstreamJar()).isEmpty();
    }

    /** A jar of roughly the given size, with or without a Main-Class. */
    private static void writeJar(Path jar, boolean runnable, int size) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (runnable) {
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.pipeline.upstream.StandInUpstream");
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            JarEntry padding = new JarEntry("padding.bin");
            padding.setMethod(JarEntry.STORED);
            padding.setSize(size);
            padding.setCrc(crcOfZeros(size));
            out.putNextEntry(padding);
            out.write(new byte[size]);
        }
    }

    private static long crcOfZeros(int size) {
        CRC32 crc = new CRC32();
        crc.update(new byte[size]);
        return crc.getValue();
    }

    private static void markAsRepository(Path root) throws IOException {
        Files.createDirectories(root.resolve("local/kafka-broker"));
        Files.writeString(root.resolve("pom.xml"), "<project/>");
    }
}
