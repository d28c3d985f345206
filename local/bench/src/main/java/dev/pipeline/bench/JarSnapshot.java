package dev.pipeline.bench;

import dev.pipeline.cli.stack.PipelineHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A private copy of the runnable jars a benchmark starts, laid out like the repository, so that a
 * rebuild while a long benchmark runs cannot swap a jar under a running service (a JVM loads
 * classes from its jar lazily; a jar rewritten under it fails with ClassNotFoundException).
 */
final class JarSnapshot {

    private JarSnapshot() {}

    /** Copies the jars, the broker's classpath file and its launcher into {@code dir}; the home to start the stacks from. */
    static PipelineHome of(PipelineHome home, Path dir) {
        home.requireArtifacts(true, true);
        Path upstream = home.upstreamJar().orElseThrow();
        try {
            for (Path file : List.of(
                    home.fetcherJar(),
                    home.processorJar(),
                    home.brokerClasspath(),
                    home.brokerLauncherJar(),
                    upstream)) {
                Path copy = dir.resolve(home.root().relativize(file));
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            }
            Files.copy(home.root().resolve("pom.xml"), dir.resolve("pom.xml"), StandardCopyOption.REPLACE_EXISTING);
            shareAotCaches(home, new PipelineHome(dir));
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot copy the service jars to " + dir, ex);
        }
        return new PipelineHome(dir);
    }

    /**
     * The repository's AOT caches (see the CLI's stack), so that a benchmark does not train its
     * own on every run: they are keyed by the jars' contents, which the copies share, and each
     * holds an extracted jar of its own, which no rebuild rewrites.
     */
    private static void shareAotCaches(PipelineHome home, PipelineHome snapshot) throws IOException {
        Path shared = home.runtimeDir().resolve("aot");
        Path link = snapshot.runtimeDir().resolve("aot");
        Files.createDirectories(shared);
        Files.createDirectories(link.getParent());
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, shared);
        }
    }
}
