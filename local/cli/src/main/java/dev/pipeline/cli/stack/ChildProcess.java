package dev.pipeline.cli.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A process this CLI started, with stdout and stderr in one log file. Stopping it also stops
 * whatever it spawned, so a local run leaves no orphans and no bound ports behind.
 */
public final class ChildProcess {

    /** How long a process gets to shut down cleanly after SIGTERM before it is killed. */
    static final Duration GRACE = Duration.ofSeconds(15);

    /**
     * The same for a JVM started to record an AOT cache ({@code -XX:AOTCacheOutput}): it writes the
     * cache as it exits, in a second JVM, which on two loaded cores can take longer than
     * {@link #GRACE}; killed, it leaves no cache and the next run records again.
     */
    static final Duration RECORDING_GRACE = Duration.ofSeconds(90);

    private final String name;
    private final Process process;
    private final Path log;
    private final Duration grace;

    private ChildProcess(String name, Process process, Path log, Duration grace) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.grace = grace;
    }

    public static ChildProcess start(String name, List<String> command, Path log) {
        return start(name, command, Map.of(), log);
    }

    /** With {@code environment} set on top of this process's own. */
    public static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path log) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close(); // services read nothing from stdin
            return new ChildProcess(name, process, log, graceFor(command));
        } catch (IOException ex) {
            throw new PipelineFailure("cannot start " + name + ": " + ex.getMessage(), ex);
        }
    }

    static Duration graceFor(List<String> command) {
        return command.stream().anyMatch(option -> option.startsWith("-XX:AOTCacheOutput=")) ? RECORDING_GRACE : GRACE;
    }

    /** The java launcher of the JVM running this CLI: children run on the same JDK. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for a process that is meant to end by itself, such as a one-off tool. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop();
                throw failure("did not finish within " + Durations.describe(timeout));
            }
            return process.exitValue();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            stop();
            throw new PipelineFailure("interrupted while waiting for " + name, ex);
        }
    }

    /** A failure of this process, with the end of its log attached. */
    public PipelineFailure failure(String reason) {
        return new PipelineFailure(name + " " + reason, LogExcerpt.tail(log, LogExcerpt.DEFAULT_LINES));
    }

    public PipelineFailure exitedEarly() {
        return failure("exited with code " + exitCode());
    }

    /** The exit code of a process that has ended; 128 + the signal for one a signal ended (137: SIGKILL). */
    public int exitCode() {
        return process.exitValue();
    }

    /**
     * SIGTERM to the process and its descendants, up to {@link #GRACE} ({@link #RECORDING_GRACE}
     * for a JVM recording an AOT cache) to exit, then SIGKILL. Idempotent.
     */
    public void stop() {
        // Descendants are collected first: once the parent is gone they are re-parented and lost.
        List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
        family.add(process.toHandle());
        family.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle member : family) {
            if (!awaitGone(member, deadline)) {
                member.destroyForcibly();
                awaitGone(member, System.nanoTime() + Duration.ofSeconds(5).toNanos());
            }
        }
        awaitReaped();
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook runs, nothing is flushed or closed. Waits until it is gone. */
    public void kill() {
        List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
        family.add(process.toHandle());
        family.forEach(ProcessHandle::destroyForcibly);
        family.forEach(member ->
                awaitGone(member, System.nanoTime() + Duration.ofSeconds(10).toNanos()));
        awaitReaped();
    }

    /**
     * A handle's exit completes when the OS says the process is gone, which can be a moment before
     * the JDK's reaper has recorded it on {@link Process}: until then {@link #isAlive()} still says
     * true. Whoever asks right after a stop or a kill must hear that it is dead.
     */
    private void awaitReaped() {
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean awaitGone(ProcessHandle member, long deadlineNanos) {
        try {
            member.onExit().get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException ex) {
            return !member.isAlive();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return !member.isAlive();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
