package dev.pipeline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A process's memory as Linux tells it, from {@code /proc/<pid>/status}: {@code VmHWM} is the peak
 * resident set since the process started, {@code VmRSS} the current one. Empty where there is no
 * {@code /proc} (not Linux) or the process is gone.
 */
final class ProcStatus {

    private ProcStatus() {}

    static OptionalLong peakRssBytes(long pid) {
        return field(read(pid), "VmHWM:");
    }

    static OptionalLong rssBytes(long pid) {
        return field(read(pid), "VmRSS:");
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
