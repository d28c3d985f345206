package dev.pipeline.cli.stack;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;

/**
 * The repository a local run works from: where its jars are, where its logs and broker data go.
 *
 * @param logsDir where the processes' logs go: {@code .pipeline/logs} unless a stack that runs
 *        beside others keeps its own ({@link #withLogsIn})
 */
public record PipelineHome(Path root, Path logsDir) {

    /** Overrides where the repository is, e.g. when the CLI jar was copied elsewhere. */
    public static final String HOME_PROPERTY = "pipeline.home";

    /** Where the stand-in upstream's runnable jar is looked for: the one place to change if it moves. */
    static final String UPSTREAM_JARS = "local/stand-in-upstream/target/stand-in-upstream*.jar";

    public PipelineHome {
        root = root.toAbsolutePath().normalize();
        logsDir = logsDir.toAbsolutePath().normalize();
    }

    public PipelineHome(Path root) {
        this(root, root.toAbsolutePath().normalize().resolve(".pipeline").resolve("logs"));
    }

    /** The same repository, with logs in {@code .pipeline/logs/<subdirectory>}. */
    public PipelineHome withLogsIn(String subdirectory) {
        return new PipelineHome(root, runtimeDir().resolve("logs").resolve(subdirectory));
    }

    /** From {@code -Dpipeline.home}, else from the CLI jar's place, else from the working directory up. */
    public static PipelineHome locate() {
        String explicit = System.getProperty(HOME_PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            return new PipelineHome(Path.of(explicit));
        }
        return fromJar(System.getProperty("java.class.path", ""))
                .or(() -> searchUp(Path.of("").toAbsolutePath()))
                .orElseThrow(() -> new PipelineFailure("cannot tell where the repository is: run through "
                        + "./pipeline, or pass -D" + HOME_PROPERTY + "=<repository directory>"));
    }

    /**
     * {@code <root>/local/cli/target/pipeline-cli.jar}, or {@code <root>/local/bench/target/pipeline-bench.jar}:
     * the root is three directories above target.
     */
    static Optional<PipelineHome> fromJar(String classPath) {
        if (!classPath.endsWith(".jar") || classPath.contains(java.io.File.pathSeparator)) {
            return Optional.empty();
        }
        Path root = Path.of(classPath).toAbsolutePath().getParent();
        for (int i = 0; i < 3 && root != null; i++) {
            root = root.getParent();
        }
        return Optional.ofNullable(root).filter(PipelineHome::isRoot).map(PipelineHome::new);
    }

    static Optional<PipelineHome> searchUp(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (isRoot(dir)) {
                return Optional.of(new PipelineHome(dir));
            }
        }
        return Optional.empty();
    }

    private static boolean isRoot(Path dir) {
        return Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("local/kafka-broker"));
    }

    public Path runtimeDir() {
        return root.resolve(".pipeline");
    }

    public Path brokerClasspath() {
        return root.resolve("local/kafka-broker/target/classpath.txt");
    }

    /** The broker's launcher, beside its classpath file (see {@link LocalKafkaBroker#readClasspath}). */
    public Path brokerLauncherJar() {
        return brokerClasspath().resolveSibling(LocalKafkaBroker.LAUNCHER_JAR);
    }

    /** S3Mock's executable jar, copied there by local/cli's build: the object store a stack can start. */
    public Path objectStoreJar() {
        return root.resolve("local/cli/target/object-store/s3mock.jar");
    }

    public Path fetcherJar() {
        return root.resolve("fetcher-service/target/fetcher-service.jar");
    }

    public Path processorJar() {
        return root.resolve("processor-service/target/processor-service.jar");
    }

    /**
     * The stand-in upstream's runnable jar: of the jars with a Main-Class, the largest, because
     * the plain jar beside the fat one may name a Main-Class too, yet lacks the dependencies.
     */
    public Optional<Path> upstreamJar() {
        Path pattern = root.resolve(UPSTREAM_JARS);
        if (!Files.isDirectory(pattern.getParent())) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(
                pattern.getParent(), pattern.getFileName().toString())) {
            List<Path> candidates = new ArrayList<>();
            jars.forEach(candidates::add);
            return candidates.stream()
                    .filter(PipelineHome::hasMainClass)
                    .max(Comparator.comparingLong(PipelineHome::size).thenComparing(Comparator.reverseOrder()));
        } catch (IOException ex) {
            return Optional.empty();
        }
    }

    /** Fails with one message naming everything a local run needs but cannot find. */
    public void requireArtifacts(boolean withBroker, boolean withUpstream) {
        List<String> missing = new ArrayList<>();
        if (withBroker) {
            for (Path file : List.of(brokerClasspath(), brokerLauncherJar())) {
                if (!Files.isRegularFile(file)) {
                    missing.add(root.relativize(file).toString());
                }
            }
        }
        for (Path jar : List.of(processorJar(), fetcherJar())) {
            if (!Files.isRegularFile(jar)) {
                missing.add(root.relativize(jar).toString());
            }
        }
        if (withUpstream && upstreamJar().isEmpty()) {
            missing.add("a runnable " + UPSTREAM_JARS + " (with a Main-Class)");
        }
        if (!missing.isEmpty()) {
            throw new PipelineFailure("not built yet: " + String.join(", ", missing) + "; build with ./pipeline build");
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException ex) {
            return 0;
        }
    }

    private static boolean hasMainClass(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest() != null
                    && file.getManifest().getMainAttributes().getValue("Main-Class") != null;
        } catch (IOException ex) {
            return false;
        }
    }
}
