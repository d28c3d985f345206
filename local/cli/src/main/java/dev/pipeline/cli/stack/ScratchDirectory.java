package dev.pipeline.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A directory that lives as long as one local run: a fresh random name, deleted with its contents. */
public final class ScratchDirectory {

    private ScratchDirectory() {}

    /** {@code <parent>/<prefix><random>}, so no run ever sees another run's files. */
    public static Path create(Path parent, String prefix) {
        try {
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent, prefix);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot create a directory under " + parent, ex);
        }
    }

    /** Idempotent. */
    public static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot delete " + dir, ex);
        }
    }
}
