package dev.pipeline.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * The JDK's ahead-of-time cache for a Spring Boot service jar (JDK 25+, JEP 483/514): most of a
 * service's start-up is loading and linking the same few thousand classes, which the cache has
 * ready. Spring Boot's documented recipe: the jar extracted ({@code -Djarmode=tools extract}), one
 * training run of the extracted jar that exits once its context has refreshed
 * ({@code -Dspring.context.exit=onRefresh}, {@code -XX:AOTCacheOutput}), then every start with
 * {@code -XX:AOTCache} and the extracted jar (the cache is only valid for that class path).
 *
 * <p>Made once per built jar, under {@code .pipeline/aot/} (never committed), in a directory named
 * by the jar's fingerprint (every entry's name, CRC and size: a rebuilt jar with other contents
 * gets another one, while reproducible builds give the jar itself a fixed timestamp) and by the
 * JDK's exact version (a cache is only valid for the JDK that made it). A JDK before 25, a jar
 * that is not a Spring Boot jar, or a training run that fails: the service starts as it always
 * did, from its jar, and a failed training is not retried for the same jar.
 *
 * <p>Plain java commands (the Kafka broker, the stand-in upstream's plain jar) get a cache too,
 * made by their first real run rather than a training run of their own: {@link #launchPlain}.
 *
 * <p>A service's start-up cache holds the JIT profiles of starting up only. A <em>workload
 * cache</em>, recorded by a run that did real work ({@link #launchRecordingWorkload}: the
 * benchmark's {@code --train-aot}), holds those of the work too, and replaces it for the same jar.
 */
final class AotCache {

    /** Set to {@code false} to start everything without a cache, as before the cache. */
    static final String ENABLED_PROPERTY = "pipeline.aot-cache";

    /**
     * Set to {@code true} while a stack is started whose services should record their
     * {@linkplain #launchRecordingWorkload workload caches}: the benchmark's training stack.
     */
    static final String RECORD_WORKLOAD_PROPERTY = "pipeline.aot-cache.record-workload";

    static final int MIN_FEATURE = 25;

    private static final Duration TRAINING_TIMEOUT = Duration.ofMinutes(5);
    private static final String CACHE_FILE = "app.aot";
    /** A cache a service's real run made as it exited: see {@link #launchRecordingWorkload}. */
    private static final String WORKLOAD_CACHE_FILE = "workload.aot";
    /** Made by the one run that records a jar's workload cache, deleted after its exit. */
    private static final String WORKLOAD_RECORDING = "workload.recording";

    private static final String WORKLOAD_PARTIAL_SUFFIX = ".aot.partial";
    /** A recording run is one benchmark workload: a claim this old is a killed run's. */
    private static final Duration RECORDING_STALE_AFTER = Duration.ofHours(1);

    private static final String FAILED_MARKER = "training-failed";
    private static final String LAST_USED = "last-used";
    private static final Duration UNUSED_FOR = Duration.ofDays(1);

    private final Path root;
    private final boolean supported;
    private final boolean recordWorkload;
    private final Map<String, String> fingerprints = new ConcurrentHashMap<>();

    AotCache(Path root, boolean supported) {
        this(root, supported, false);
    }

    AotCache(Path root, boolean supported, boolean recordWorkload) {
        this.root = root;
        this.supported = supported;
        this.recordWorkload = supported && recordWorkload;
    }

    /** Under {@code runtimeDir/aot}, when the JDK that starts the services has the cache and it is not turned off. */
    static AotCache in(Path runtimeDir) {
        boolean enabled = !"false".equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY, "true"));
        return new AotCache(
                runtimeDir.resolve("aot"),
                enabled && Runtime.version().feature() >= MIN_FEATURE,
                Boolean.getBoolean(RECORD_WORKLOAD_PROPERTY));
    }

    /** True when the services this cache starts record their workload caches ({@link #RECORD_WORKLOAD_PROPERTY}). */
    boolean recordsWorkload() {
        return recordWorkload;
    }

    boolean supported() {
        return supported;
    }

    /**
     * How to start {@code jar}: {@code -XX:AOTCache=… -jar <extracted jar>} once its cache exists
     * (its {@linkplain #launchRecordingWorkload workload cache} where there is one), else
     * {@code -jar <jar>}.
     */
    List<String> launch(Path jar) {
        if (supported) {
            Path dir = directory(jar);
            Path cache = dir.resolve(CACHE_FILE);
            if (Files.isRegularFile(cache)) {
                markUsed(dir);
                Path workload = dir.resolve(WORKLOAD_CACHE_FILE);
                return List.of(
                        "-XX:AOTCache=" + (Files.isRegularFile(workload) ? workload : cache),
                        "-jar",
                        extractedJar(dir, jar).toString());
            }
        }
        return List.of("-jar", jar.toString());
    }

    /** True when {@code jar} has a start-up cache but no workload cache yet. */
    boolean lacksWorkloadCache(Path jar) {
        if (!supported || !isBootJar(jar)) {
            return false;
        }
        Path dir = directory(jar);
        return Files.isRegularFile(dir.resolve(CACHE_FILE)) && !Files.isRegularFile(dir.resolve(WORKLOAD_CACHE_FILE));
    }

    /**
     * How to start {@code jar} so that its run makes its <em>workload cache</em>: the start-up
     * cache's training ({@link #train}) exits once the context has refreshed, so the JIT profiles it
     * holds (JEP 515) are those of starting up; a run that does real work (fetching, publishing,
     * consuming, writing a report) and records with JDK 25's one-step {@code -XX:AOTCacheOutput}
     * leaves a cache that also holds the profiles of that work, from which a later start compiles
     * the hot code early (as classes are initialised) instead of profiling it again during its first
     * runs. The JVM cannot read one cache while it records another, so this run starts from the
     * extracted jar alone; as it exits (also on the SIGTERM of a stop) it writes the cache, which
     * {@link PlainLaunch#afterExit} renames into place, beside the start-up cache it then replaces
     * for this jar (the same extracted jar and JVM options). Nothing is recorded without a start-up
     * cache (no extracted jar yet), nor by a run that was killed (only an exit of 0, or 143 after
     * the stop's SIGTERM, puts its cache in place), and one stack at a time records a jar's.
     */
    PlainLaunch launchRecordingWorkload(Path jar) {
        if (!lacksWorkloadCache(jar)) {
            return new PlainLaunch(launch(jar), process -> {});
        }
        Path dir = directory(jar);
        Path claim = dir.resolve(WORKLOAD_RECORDING);
        if (!claimRecording(dir, claim)) {
            return new PlainLaunch(launch(jar), process -> {}); // another stack records it
        }
        // A name of its own: a run killed earlier may have left a partial file, or its cache-writing
        // child (started after the SIGTERM, so not stopped with it) may still be writing one.
        Path partial = dir.resolve("workload-" + UUID.randomUUID() + WORKLOAD_PARTIAL_SUFFIX);
        return new PlainLaunch(
                List.of(
                        "-XX:AOTCacheOutput=" + partial,
                        "-jar",
                        extractedJar(dir, jar).toString()),
                process -> {
                    if (process.isAlive()) {
                        return; // still running: the claim goes stale and the next training records it
                    }
                    try {
                        int exit = process.exitCode();
                        if ((exit == 0 || exit == 128 + 15) && Files.isRegularFile(partial)) {
                            Files.move(partial, dir.resolve(WORKLOAD_CACHE_FILE), StandardCopyOption.ATOMIC_MOVE);
                        } // else killed, or it made none: the next training records it again
                        Files.deleteIfExists(claim);
                    } catch (IOException ex) {
                        // the start-up cache stays in use
                    }
                });
    }

    /**
     * True when this run may record {@code dir}'s workload cache: it made the claim file, so no
     * other stack sharing the cache directory (the bench's jar snapshots share it) records one
     * at once; a claim older than {@link #RECORDING_STALE_AFTER} (its run was killed) is taken
     * over. The claimant deletes what partial caches earlier runs left.
     */
    private static boolean claimRecording(Path dir, Path claim) {
        try {
            if (Files.exists(claim) && olderThan(claim, RECORDING_STALE_AFTER)) {
                Files.deleteIfExists(claim);
            }
            Files.createFile(claim);
            try (DirectoryStream<Path> partials =
                    Files.newDirectoryStream(dir, "workload-*" + WORKLOAD_PARTIAL_SUFFIX)) {
                for (Path partial : partials) {
                    Files.deleteIfExists(partial);
                }
            }
            return true;
        } catch (IOException ex) { // FileAlreadyExistsException: another stack records it
            return false;
        }
    }

    /**
     * How a plain java command (a main class on a class path: the Kafka broker, its storage
     * tool) starts, and what follows its exit: see {@link #launchPlain}.
     *
     * @param options the JVM options for the cache, before {@code -cp}; none when it has none
     * @param afterExit given the exited process: puts a cache its run made in place
     */
    record PlainLaunch(List<String> options, Consumer<ChildProcess> afterExit) {

        static final PlainLaunch NONE = new PlainLaunch(List.of(), process -> {});
    }

    /**
     * How to start the plain java command {@code name} on {@code classpath} (as {@code -cp} has
     * it): from its cache once one is made ({@code -XX:AOTCache}); else, when no other run is
     * making it, as its own training run, with JDK 25's one-step {@code -XX:AOTCacheOutput}: the
     * JVM records what it loads and, as it exits (also on the SIGTERM of a stop), has a second JVM
     * write the cache, which {@link PlainLaunch#afterExit} then renames into place. A real run is
     * the training: unlike a Spring Boot service, such a command has no way to stop once started
     * up, and its exit is waited for anyway. The cache is made once per class path (each jar's
     * path and contents) and JDK; a run that made none is recorded and not retried, one killed
     * (SIGKILL, after the stop's grace) is retried once its directory is stale.
     */
    PlainLaunch launchPlain(String name, String classpath) {
        if (!supported) {
            return PlainLaunch.NONE;
        }
        Path dir = root.resolve(name + "-" + fingerprints.computeIfAbsent(classpath, AotCache::classpathFingerprint));
        Path cache = dir.resolve(CACHE_FILE);
        if (Files.isRegularFile(cache)) {
            markUsed(dir);
            return new PlainLaunch(List.of("-XX:AOTCache=" + cache), process -> {});
        }
        if (Files.exists(dir.resolve(FAILED_MARKER))) {
            return PlainLaunch.NONE;
        }
        if (Files.isDirectory(dir)) {
            if (!olderThan(dir, TRAINING_TIMEOUT.multipliedBy(2))) {
                return PlainLaunch.NONE; // another run is making it
            }
            ScratchDirectory.delete(dir);
        }
        try {
            Files.createDirectories(root);
            Files.createDirectory(dir);
        } catch (IOException ex) {
            return PlainLaunch.NONE;
        }
        Path partial = dir.resolve(CACHE_FILE + ".partial");
        return new PlainLaunch(List.of("-XX:AOTCacheOutput=" + partial), process -> {
            if (process.isAlive() || process.exitCode() == 128 + 9) {
                return; // killed: its cache may still be being written; made again once stale
            }
            try {
                if (!Files.isRegularFile(partial)) {
                    throw new IOException("the run made no cache");
                }
                Files.move(partial, cache, StandardCopyOption.ATOMIC_MOVE);
                deleteOthers(name + "-", dir);
            } catch (IOException ex) {
                markFailed(dir, process.log());
            }
        });
    }

    /**
     * True when {@code jar} would start faster after {@link #train}: no cache yet, none failed, and
     * none being made by another run (one left half-made by a run that was killed is made again
     * once it is older than a training may take).
     */
    boolean needsTraining(Path jar) {
        if (!supported || !isBootJar(jar)) {
            return false;
        }
        Path dir = directory(jar);
        if (Files.isRegularFile(dir.resolve(CACHE_FILE)) || Files.exists(dir.resolve(FAILED_MARKER))) {
            return false;
        }
        if (Files.isDirectory(dir)) {
            if (!olderThan(dir, TRAINING_TIMEOUT.multipliedBy(2))) {
                return false;
            }
            ScratchDirectory.delete(dir);
        }
        return true;
    }

    /**
     * Extracts {@code jar} and runs it once with {@code jvmOptions} and {@code appArgs} (the
     * context exits once refreshed), leaving the cache beside the extracted jar. The cache names
     * the extracted jar by path, so both are made where they will be used: the directory is
     * created exclusively (a second run training at once leaves it to the first), and the cache is
     * written under another name and renamed once whole, so that a run stopped halfway never
     * leaves a half-made cache to be used. True when the cache is there afterwards; a failure is
     * recorded with the training log and not retried for this jar.
     */
    boolean train(Path jar, List<String> jvmOptions, List<String> appArgs, Path log) {
        Path dir = directory(jar);
        try {
            Files.createDirectories(root);
            Files.createDirectory(dir);
        } catch (IOException ex) {
            return false; // another run trains it (or cannot write here): start from the jar
        }
        try {
            Path extracted = dir.resolve("app");
            runTool(
                    List.of(
                            ChildProcess.javaExecutable(),
                            "-Djarmode=tools",
                            "-jar",
                            jar.toString(),
                            "extract",
                            "--destination",
                            extracted.toString()),
                    log);
            Path partial = dir.resolve(CACHE_FILE + ".partial");
            List<String> training = new ArrayList<>(List.of(
                    ChildProcess.javaExecutable(), "-XX:AOTCacheOutput=" + partial, "-Dspring.context.exit=onRefresh"));
            training.addAll(jvmOptions);
            training.addAll(List.of("-jar", extractedJar(dir, jar).toString()));
            training.addAll(appArgs);
            runTool(training, log);
            if (!Files.isRegularFile(partial)) {
                throw new PipelineFailure("the training run made no cache; see " + log);
            }
            Files.move(partial, dir.resolve(CACHE_FILE), StandardCopyOption.ATOMIC_MOVE);
            deleteOthers(serviceName(jar) + "-", dir);
            return true;
        } catch (RuntimeException | IOException ex) {
            markFailed(dir, log);
            return false;
        }
    }

    private static boolean olderThan(Path file, Duration age) {
        try {
            return Files.getLastModifiedTime(file)
                    .toInstant()
                    .isBefore(java.time.Instant.now().minus(age));
        } catch (IOException ex) {
            return true;
        }
    }

    private static void runTool(List<String> command, Path log) {
        ChildProcess tool = ChildProcess.start("aot-cache", command, java.util.Map.of(), log);
        try {
            if (tool.awaitExit(TRAINING_TIMEOUT) != 0) {
                throw tool.exitedEarly();
            }
        } finally {
            tool.stop();
        }
    }

    private void markFailed(Path dir, Path log) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(FAILED_MARKER), "see " + log + "\n");
        } catch (IOException ex) {
            // not recorded: the next run tries again
        }
    }

    /** When a stack last started from the cache in {@code dir}: see {@link #deleteOthers}. */
    private static void markUsed(Path dir) {
        try {
            Files.writeString(dir.resolve(LAST_USED), java.time.Instant.now() + "\n");
        } catch (IOException ex) {
            // only a later clean-up's guess at whether it is in use
        }
    }

    /**
     * Caches of earlier builds of the same jar (or class path) are large and of no more use, once nothing runs
     * from them: a JVM opens the extracted jar's libraries only as it needs them, so one still
     * running (a long benchmark's, or another stack's) must keep them. Those not started from for
     * {@link #UNUSED_FOR} are deleted.
     */
    private void deleteOthers(String prefix, Path keep) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, prefix + "*")) {
            for (Path other : dirs) {
                Path lastUsed = Files.exists(other.resolve(LAST_USED)) ? other.resolve(LAST_USED) : other;
                if (!other.equals(keep) && olderThan(lastUsed, UNUSED_FOR)) {
                    ScratchDirectory.delete(other);
                }
            }
        } catch (IOException ex) {
            // left for the next build's cache to clear
        }
    }

    Path directory(Path jar) {
        return root.resolve(serviceName(jar) + "-" + fingerprint(jar));
    }

    private static String serviceName(Path jar) {
        return jar.getFileName().toString().replaceFirst("\\.jar$", "");
    }

    private static Path extractedJar(Path dir, Path jar) {
        return dir.resolve("app").resolve(jar.getFileName());
    }

    /** A Spring Boot executable jar: only those can be extracted, and only they exit on refresh. */
    static boolean isBootJar(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest() != null
                    && file.getManifest().getMainAttributes().getValue("Spring-Boot-Version") != null;
        } catch (IOException ex) {
            return false;
        }
    }

    /**
     * Each class path element's path and contents (a jar's entries' names, CRCs and sizes, as
     * {@link #fingerprint}; a jar the project builds keeps a fixed timestamp, so its size and time
     * would not tell a rebuilt one), and the JDK's version. Some tens of milliseconds for the
     * broker's hundred jars: worked out once per class path.
     */
    static String classpathFingerprint(String classpath) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(Runtime.version().toString().getBytes(StandardCharsets.UTF_8));
            for (String element : classpath.split(java.io.File.pathSeparator)) {
                Path path = Path.of(element);
                String contents;
                try {
                    contents = Files.isRegularFile(path)
                            ? fingerprint(path)
                            : String.valueOf(Files.getLastModifiedTime(path).toMillis());
                } catch (IOException | UncheckedIOException ex) {
                    contents = "missing";
                }
                digest.update((element + "\0" + contents + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Every entry's name, CRC and size, and the JDK's version: reading a jar's central directory
     * costs milliseconds, where hashing its 100 MB would cost a second on every start.
     */
    static String fingerprint(Path jar) {
        try (JarFile file = new JarFile(jar.toFile());
                Stream<? extends ZipEntry> entries = file.stream()) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(Runtime.version().toString().getBytes(StandardCharsets.UTF_8));
            entries.sorted(Comparator.comparing(ZipEntry::getName))
                    .forEach(entry ->
                            digest.update((entry.getName() + "\0" + entry.getCrc() + "\0" + entry.getSize() + "\n")
                                    .getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + jar, ex);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
