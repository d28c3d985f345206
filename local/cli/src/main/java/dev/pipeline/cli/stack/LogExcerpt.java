package dev.pipeline.cli.stack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The last lines of a process's log, shown when that process is why a run failed. */
public record LogExcerpt(Path log, List<String> lines) {

    public static final int DEFAULT_LINES = 20;

    /** Enough bytes for a few dozen long lines; logs can be large, so only their end is read. */
    private static final int MAX_BYTES = 64 * 1024;

    public LogExcerpt {
        lines = List.copyOf(lines);
    }

    public static LogExcerpt tail(Path log, int maxLines) {
        if (!Files.isRegularFile(log)) {
            return new LogExcerpt(log, List.of());
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, file.length() - MAX_BYTES);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\\R"));
            if (start > 0 && !all.isEmpty()) {
                all = all.subList(1, all.size()); // the first line was cut in the middle
            }
            return new LogExcerpt(log, all.subList(Math.max(0, all.size() - maxLines), all.size()));
        } catch (IOException ex) {
            return new LogExcerpt(log, List.of("(cannot read " + log + ": " + ex.getMessage() + ")"));
        }
    }
}
