package dev.pipeline.fetcher.upload;

import org.springframework.http.MediaType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The file formats an upload may hold. Each is read twice, streaming: once through to be sure the
 * whole file parses (a file is published whole or not at all), then item by item.
 */
enum UploadFormat {
    JSON {
        @Override
        void read(Path file, ItemVisitor visitor) throws MalformedFileException, IOException {
            JsonItems.forEach(file, JsonItems.check(file), visitor);
        }
    },
    CSV {
        @Override
        void read(Path file, ItemVisitor visitor) throws MalformedFileException, IOException {
            CsvItems.forEach(file, null);
            CsvItems.forEach(file, visitor);
        }
    };

    /**
     * Visits every item of the file.
     *
     * @throws MalformedFileException before any item is visited, when the file does not parse
     */
    abstract void read(Path file, ItemVisitor visitor) throws MalformedFileException, IOException;

    /** By the file name's extension, else by the part's content type. */
    static Optional<UploadFormat> of(String fileName, String contentType) {
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            return Optional.of(JSON);
        }
        if (name.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        try {
            MediaType type = contentType == null ? null : MediaType.parseMediaType(contentType);
            if (type != null && (type.isCompatibleWith(MediaType.APPLICATION_JSON) || "json".equals(type.getSubtypeSuffix()))) {
                return Optional.of(JSON);
            }
            if (type != null && type.getSubtype().equalsIgnoreCase("csv")) {
                return Optional.of(CSV);
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
