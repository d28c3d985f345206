package dev.pipeline.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTests {

    @TempDir
    Path dir;

    @Test
    void stopsTheProcessAndEverythingItSpawned() throws InterruptedException {
        ChildProcess parent = ChildProcess.start(
                "sleeper", List.of("sh", "-c", "sleep 300 & sleep 300 & wait"), dir.resolve("sleeper.log"));
        await(() -> parent.isAlive()
                && ProcessHandle.of(parent.pid()).orElseThrow().descendants().count() == 2);
        List<ProcessHandle> family =
                ProcessHandle.of(parent.pid()).orElseThrow().descendants().toList();

        parent.stop();
        parent.stop();

        assertThat(parent.isAlive()).isFalse();
        assertThat(family).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void writesStdoutAndStderrToItsLogAndAttachesTheLastLinesToAFailure() {
        ChildProcess tool = ChildProcess.start(
                "tool",
                List.of(
                        "sh",
                        "-c",
                        "i=1; while [ $i -le 30 ]; do echo line $i; i=$((i+1)); done; echo oops >&2; exit 4"),
                dir.resolve("logs/tool.log"));

        assertThat(tool.awaitExit(Duration.ofSeconds(30))).isEqualTo(4);
        PipelineFailure failure = tool.exitedEarly();

        assertThat(failure).hasMessage("tool exited with code 4");
        List<String> expected = Stream.concat(
                        IntStream.rangeClosed(12, 30).mapToObj(i -> "line " + i), Stream.of("oops"))
                .toList();
        assertThat(failure.excerpt())
                .hasValueSatisfying(excerpt -> assertThat(excerpt.lines()).isEqualTo(expected));
    }

    @Test
    void stopsAToolThatDoesNotFinishInTimeAndSaysSo() {
        ChildProcess tool = ChildProcess.start("stuck", List.of("sleep", "300"), dir.resolve("stuck.log"));

        assertThatExceptionOfType(PipelineFailure.class)
                .isThrownBy(() -> tool.awaitExit(Duration.ofMillis(200)))
                .withMessage("stuck did not finish within 200 ms");
        assertThat(tool.isAlive()).isFalse();
    }

    @Test
    void readsOnlyTheEndOfALongLog() throws IOException {
        Path log = dir.resolve("long.log");
        Files.write(
                log,
                IntStream.range(0, 100_000)
                        .mapToObj(i -> "a long log line number " + i)
                        .toList());

        LogExcerpt excerpt = LogExcerpt.tail(log, 3);

        assertThat(excerpt.lines())
                .containsExactly(
                        "a long log line number 99997", "a long log line number 99998", "a long log line number 99999");
        assertThat(LogExcerpt.tail(dir.resolve("missing.log"), 3).lines()).isEmpty();
    }

    /** A JVM recording an AOT cache writes it as it exits: a stop waits longer for it before SIGKILL. */
    @Test
    void aJvmRecordingAnAotCacheGetsTheLongerGrace() {
        assertThat(ChildProcess.graceFor(List.of("java", "-XX:AOTCacheOutput=/tmp/x.aot", "-jar", "a.jar")))
                .isEqualTo(ChildProcess.RECORDING_GRACE)
                .isGreaterThan(ChildProcess.GRACE);
        assertThat(ChildProcess.graceFor(List.of("java", "-XX:AOTCache=/tmp/x.aot", "-jar", "a.jar")))
                .isEqualTo(ChildProcess.GRACE);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
