package dev.pipeline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * A process's memory as Linux tells it, from {@code /proc/<pid>/status}: {@code VmHWM} is the peak
 * resident set since the process started, {@code VmRSS} the current one; and the CPU its JIT compiler
 * threads used, from {@code /proc/<pid>/task/<tid>/stat}. Empty where there is no {@code /proc} (not
 * Linux) or the process is gone.
 */
final class ProcStatus {

    private ProcStatus() {}

    static OptionalLong peakRssBytes(long pid) {
        return field(read(pid), "VmHWM:");
    }

    static OptionalLong rssBytes(long pid) {
        return field(read(pid), "VmRSS:");
    }

    /** Linux reports thread CPU in these ticks to user space (its {@code USER_HZ}, 100 on every architecture it runs the JVM on). */
    private static final int TICKS_PER_SECOND = 100;

    /**
     * The CPU time HotSpot's JIT compiler threads ({@code C1 CompilerThread<n>}, {@code C2 CompilerThread<n>})
     * have used so far: the part of a JVM's CPU that goes to compiling, not to the work. A compiler thread
     * that ended (the JVM removes idle ones beyond the first of each kind) takes its time with it.
     */
    static Optional<Duration> jitCpu(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (Stream<Path> threads = Files.list(tasks)) {
            long ticks =
                    threads.mapToLong(thread -> compilerTicks(readStat(thread))).sum();
            return Optional.of(Duration.ofMillis(ticks * 1000 / TICKS_PER_SECOND));
        } catch (IOException | RuntimeException ex) {
            return Optional.empty();
        }
    }

    /**
     * The user and system ticks of a thread's {@code stat} line when the thread is a JIT compiler's, else 0.
     * The name is between the first {@code (} and the last {@code )} (it may hold either); the ticks are
     * the 14th and 15th fields of the line.
     */
    static long compilerTicks(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            return 0;
        }
        String name = stat.substring(open + 1, close);
        if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
            return 0;
        }
        String[] fields = stat.substring(close + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static String readStat(Path thread) {
        try {
            return Files.readString(thread.resolve("stat"));
        } catch (IOException ex) {
            return ""; // the thread ended between the listing and the read
        }
    }

    /** A {@code kB} field of a status file's text, in bytes. */
    static OptionalLong field(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name)) {
                String[] parts = line.substring(name.length()).strip().split("\\s+");
                try {
                    long value = Long.parseLong(parts[0]);
                    return OptionalLong.of(parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? value * 1024 : value);
                } catch (NumberFormatException ex) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    private static String read(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "status"));
        } catch (IOException | RuntimeException ex) {
            return "";
        }
    }
}
