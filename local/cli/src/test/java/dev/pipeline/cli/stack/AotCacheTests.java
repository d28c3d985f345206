package dev.pipeline.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which form a service starts in, and when its cache is made again: no JVM is trained here. */
class AotCacheTests {

    @TempDir
    Path dir;

    @Test
    void startsFromTheJarWhereTheJdkHasNoCache() throws IOException {
        Path jar = bootJar("processor-service.jar", "one");
        AotCache cache = new AotCache(dir.resolve("aot"), false);

        assertThat(cache.launch(jar)).containsExactly("-jar", jar.toString());
        assertThat(cache.needsTraining(jar)).as("JDK 21-24: nothing to make").isFalse();
    }

    @Test
    void startsFromTheExtractedJarWithItsCacheOnceItExists() throws IOException {
        Path jar = bootJar("processor-service.jar", "one");
        AotCache cache = new AotCache(dir.resolve("aot"), true);
        assertThat(cache.needsTraining(jar)).isTrue();
        assertThat(cache.launch(jar)).as("no cache yet").containsExactly("-jar", jar.toString());

        Path made = withStartUpCache(cache, jar);

        assertThat(cache.needsTraining(jar)).isFalse();
        assertThat(cache.launch(jar))
                .containsExactly(
                        "-XX:AOTCache=" + made.resolve("app.aot"),
                        "-jar",
                        made.resolve("app").resolve("processor-service.jar").toString());
    }

    @Test
    void aRebuiltJarWithOtherContentsGetsACacheOfItsOwn() throws IOException {
        Path jar = bootJar("fetcher-service.jar", "one");
        AotCache cache = new AotCache(dir.resolve("aot"), true);
        Path before = cache.directory(jar);
        assertThat(cache.directory(bootJar("fetcher-service.jar", "one")))
                .as("the same contents")
                .isEqualTo(before);

        bootJar("fetcher-service.jar", "two");

        assertThat(cache.directory(jar)).isNotEqualTo(before);
        assertThat(cache.directory(jar).getFileName().toString()).startsWith("fetcher-service-");
    }

    @Test
    void makesNoCacheForAJarThatIsNotASpringBootJar() throws IOException {
        Path jar = dir.resolve("stand-in-upstream.jar");
        write(jar, new Manifest(), "x");

        assertThat(new AotCache(dir.resolve("aot"), true).needsTraining(jar)).isFalse();
    }

    @Test
    void aFailedTrainingIsRecordedAndNotTriedAgainForTheSameJar() throws IOException {
        Path jar = bootJar("processor-service.jar", "no main class: extracting it fails at once");
        AotCache cache = new AotCache(dir.resolve("aot"), true);
        Path log = dir.resolve("training.log");

        assertThat(cache.train(jar, List.of(), List.of(), log)).isFalse();

        assertThat(cache.needsTraining(jar)).isFalse();
        assertThat(cache.launch(jar)).containsExactly("-jar", jar.toString());
    }

    @Test
    void aSecondRunLeavesTheTrainingToTheRunAlreadyMakingIt() throws IOException {
        Path jar = bootJar("processor-service.jar", "one");
        AotCache cache = new AotCache(dir.resolve("aot"), true);
        Files.createDirectories(cache.directory(jar)); // another run is extracting and training

        assertThat(cache.needsTraining(jar)).isFalse();
        assertThat(cache.train(jar, List.of(), List.of(), dir.resolve("training.log")))
                .isFalse();
        assertThat(cache.launch(jar)).containsExactly("-jar", jar.toString());
    }

    private Path bootJar(String name, String content) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Spring-Boot-Version", "4.1.2");
        Path jar = dir.resolve(name);
        write(jar, manifest, content);
        return jar;
    }

    @Test
    void aPlainCommandHasNoCacheWhereTheJdkHasNone() throws IOException {
        AotCache cache = new AotCache(dir.resolve("aot"), false);

        assertThat(cache.launchPlain("kafka-broker", plainJar("a.jar", "one").toString())
                        .options())
                .isEmpty();
        assertThat(dir.resolve("aot")).doesNotExist();
    }

    @Test
    void aPlainCommandsFirstRunMakesItsCacheAsItExitsAndLaterRunsStartFromIt() throws IOException {
        AotCache cache = new AotCache(dir.resolve("aot"), true);
        String classpath = plainJar("a.jar", "one") + java.io.File.pathSeparator + plainJar("b.jar", "two");

        AotCache.PlainLaunch first = cache.launchPlain("kafka-broker", classpath);
        assertThat(first.options()).singleElement().asString().startsWith("-XX:AOTCacheOutput=");
        assertThat(cache.launchPlain("kafka-broker", classpath).options())
                .as("another run while the first one makes it")
                .isEmpty();

        Path partial = Path.of(first.options().getFirst().substring("-XX:AOTCacheOutput=".length()));
        Files.writeString(partial, "cache"); // what the JVM writes as it exits
        first.afterExit().accept(exited());

        Path made = partial.resolveSibling("app.aot");
        assertThat(made).isRegularFile();
        assertThat(cache.launchPlain("kafka-broker", classpath).options()).containsExactly("-XX:AOTCache=" + made);
        assertThat(cache.launchPlain("kafka-storage-format", classpath).options())
                .as("another command on the same class path has a cache of its own")
                .singleElement()
                .asString()
                .startsWith("-XX:AOTCacheOutput=");
    }

    @Test
    void aPlainCommandGetsANewCacheWhenAJarOnItsClassPathChanges() throws IOException {
        String classpath = plainJar("a.jar", "one").toString();
        String before = AotCache.classpathFingerprint(classpath);

        assertThat(AotCache.classpathFingerprint(classpath)).isEqualTo(before);
        assertThat(AotCache.classpathFingerprint(plainJar("a.jar", "two").toString()))
                .as("a rebuilt jar of the same size, with the build's fixed timestamp")
                .isNotEqualTo(before);
    }

    @Test
    void aPlainCommandWhoseRunMadeNoCacheIsNotTrainedAgain() throws IOException {
        AotCache cache = new AotCache(dir.resolve("aot"), true);
        String classpath = plainJar("a.jar", "one").toString();

        cache.launchPlain("kafka-broker", classpath).afterExit().accept(exited());

        assertThat(cache.launchPlain("kafka-broker", classpath).options()).isEmpty();
    }

    @Test
    void aServicesRealRunRecordsItsWorkloadCacheAsItExitsAndLaterStartsUseIt() throws IOException {
        Path jar = bootJar("fetcher-service.jar", "one");
        AotCache cache = new AotCache(dir.resolve("aot"), true, true);
        assertThat(cache.recordsWorkload()).isTrue();
        assertThat(cache.lacksWorkloadCache(jar))
                .as("no start-up cache, so no extracted jar yet")
                .isFalse();
        assertThat(cache.launchRecordingWorkload(jar).options())
                .as("nothing to record from: starts as it would")
                .containsExactly("-jar", jar.toString());

        Path made = withStartUpCache(cache, jar);
        Path extracted = made.resolve("app").resolve("fetcher-service.jar");
        assertThat(cache.lacksWorkloadCache(jar)).isTrue();

        AotCache.PlainLaunch recording = cache.launchRecordingWorkload(jar);
        Path partial = recordingOutput(recording);
        assertThat(recording.options())
                .as("one cache cannot be read while another is recorded: from the extracted jar alone")
                .containsExactly("-XX:AOTCacheOutput=" + partial, "-jar", extracted.toString());
        assertThat(partial.getParent()).isEqualTo(made);
        Files.writeString(partial, "workload cache"); // what the JVM writes as it exits
        recording.afterExit().accept(exited());

        assertThat(made.resolve("workload.aot")).hasContent("workload cache");
        assertThat(partial).doesNotExist();
        assertThat(cache.lacksWorkloadCache(jar)).isFalse();
        assertThat(cache.launch(jar))
                .as("every later start, recording or not")
                .containsExactly("-XX:AOTCache=" + made.resolve("workload.aot"), "-jar", extracted.toString());
        assertThat(new AotCache(dir.resolve("aot"), true, true)
                        .launchRecordingWorkload(jar)
                        .options())
                .as("recorded once per jar")
                .containsExactly("-XX:AOTCache=" + made.resolve("workload.aot"), "-jar", extracted.toString());
        assertThat(new AotCache(dir.resolve("aot"), false, true).recordsWorkload())
                .as("JDK 21-24")
                .isFalse();
    }

    @Test
    void aKilledRunsWorkloadCacheIsNotKept() throws IOException {
        Path jar = bootJar("processor-service.jar", "one");
        AotCache cache = new AotCache(dir.resolve("aot"), true, true);
        Path made = withStartUpCache(cache, jar);

        AotCache.PlainLaunch recording = cache.launchRecordingWorkload(jar);
        Files.writeString(recordingOutput(recording), "half a cache");
        ChildProcess killed = ChildProcess.start("service", List.of("sleep", "60"), dir.resolve("killed.log"));
        killed.kill();
        assertThat(killed.exitCode()).isEqualTo(128 + 9);
        recording.afterExit().accept(killed);

        assertThat(made.resolve("workload.aot")).doesNotExist();
        assertThat(cache.lacksWorkloadCache(jar))
                .as("recorded again by the next training")
                .isTrue();
        assertThat(cache.launch(jar)).first().isEqualTo("-XX:AOTCache=" + made.resolve("app.aot"));
    }

    @Test
    void oneStackAtATimeRecordsAJarsWorkloadCache() throws IOException {
        Path jar = bootJar("processor-service.jar", "one");
        AotCache cache = new AotCache(dir.resolve("aot"), true, true);
        Path made = withStartUpCache(cache, jar);

        AotCache.PlainLaunch first = cache.launchRecordingWorkload(jar);
        AotCache.PlainLaunch second = new AotCache(dir.resolve("aot"), true, true).launchRecordingWorkload(jar);

        assertThat(first.options().getFirst()).startsWith("-XX:AOTCacheOutput=");
        assertThat(second.options())
                .as("the bench's jar snapshots share the cache directory: the second starts from the start-up cache")
                .first()
                .isEqualTo("-XX:AOTCache=" + made.resolve("app.aot"));
        Files.writeString(recordingOutput(first), "workload cache");
        second.afterExit().accept(exited());
        assertThat(made.resolve("workload.aot"))
                .as("not the first's file, still being written")
                .doesNotExist();
        first.afterExit().accept(exited());
        assertThat(made.resolve("workload.aot")).hasContent("workload cache");
    }

    @Test
    void aPartialCacheLeftByAKilledRunIsNeverPutInPlace() throws IOException {
        Path jar = bootJar("fetcher-service.jar", "one");
        AotCache cache = new AotCache(dir.resolve("aot"), true, true);
        Path made = withStartUpCache(cache, jar);
        AotCache.PlainLaunch killedRun = cache.launchRecordingWorkload(jar);
        Path left = recordingOutput(killedRun);
        Files.writeString(left, "half a cache");
        ChildProcess killed = ChildProcess.start("service", List.of("sleep", "60"), dir.resolve("killed.log"));
        killed.kill();
        killedRun.afterExit().accept(killed);

        AotCache.PlainLaunch next = cache.launchRecordingWorkload(jar);
        assertThat(left).as("deleted by the next recording's claim").doesNotExist();
        Files.writeString(left, "still written by the killed run's orphaned child");
        next.afterExit().accept(exited()); // exits normally, having made no cache

        assertThat(made.resolve("workload.aot")).doesNotExist();
        assertThat(cache.lacksWorkloadCache(jar)).isTrue();
        assertThat(cache.launchRecordingWorkload(jar).options().getFirst())
                .as("the claim was given back")
                .startsWith("-XX:AOTCacheOutput=");
    }

    /** {@code jar}'s cache directory, as a training leaves it: the start-up cache and the extracted jar's directory. */
    private static Path withStartUpCache(AotCache cache, Path jar) throws IOException {
        Path made = cache.directory(jar);
        Files.createDirectories(made.resolve("app"));
        Files.writeString(made.resolve("app.aot"), "cache");
        return made;
    }

    private static Path recordingOutput(AotCache.PlainLaunch recording) {
        String option = recording.options().getFirst();
        assertThat(option).startsWith("-XX:AOTCacheOutput=");
        return Path.of(option.substring("-XX:AOTCacheOutput=".length()));
    }

    /** A process that has exited by itself (status 0). */
    private ChildProcess exited() {
        ChildProcess process =
                ChildProcess.start("tool", List.of(ChildProcess.javaExecutable(), "-version"), dir.resolve("tool.log"));
        assertThat(process.awaitExit(java.time.Duration.ofSeconds(60))).isZero();
        return process;
    }

    private Path plainJar(String name, String content) throws IOException {
        Path jar = dir.resolve(name);
        write(jar, new Manifest(), content);
        return jar;
    }

    private static void write(Path jar, Manifest manifest, String content) throws IOException {
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry("content.txt"));
            out.write(content.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }
}
