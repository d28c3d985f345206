package dev.pipeline.fetcher.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Secrets given as {@code file:/run/secrets/x} rather than as values: how container platforms
 * (Docker and Kubernetes secrets) hand them over, so they need not pass through the environment.
 * The file is read once, when the sources are bound at startup, its trailing line break(s) dropped
 * (an editor or {@code echo} adds one, and no secret ends with one). A file that cannot be read
 * leaves the reference as it was, and {@link #problem} then says why, for the source's validation
 * to stop the startup naming the field and the path, never the content.
 */
final class SecretFiles {

    static final String PREFIX = "file:";

    private SecretFiles() {}

    /** The file's content for a {@code file:} reference that can be read; anything else as it is. */
    static String resolve(String configured) {
        if (!isReference(configured)) {
            return configured;
        }
        try {
            return read(configured);
        } catch (IOException | RuntimeException e) {
            return configured; // left as a reference: problem() names it
        }
    }

    /** Why a value that is still a {@code file:} reference (after {@link #resolve}) could not be read. */
    static Optional<String> problem(String field, String value) {
        if (!isReference(value)) {
            return Optional.empty();
        }
        String path = value.substring(PREFIX.length());
        try {
            read(value);
            return Optional.of(field + ": the file " + path + " could not be read at startup");
        } catch (NoSuchFileException e) {
            return Optional.of(field + ": no such file " + path);
        } catch (IOException | RuntimeException e) {
            return Optional.of(field + ": the file " + path + " cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static boolean isReference(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    private static String read(String reference) throws IOException {
        String path = reference.substring(PREFIX.length());
        if (path.isBlank()) {
            throw new NoSuchFileException("(no path)");
        }
        return Files.readString(Path.of(path), StandardCharsets.UTF_8).replaceFirst("[\\r\\n]+$", "");
    }
}
