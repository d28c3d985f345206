package dev.pipeline.fetcher.upload;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.MediaType;

/**
 * The file formats an upload may hold. Each is read twice, streaming: once through before the run
 * starts ({@link #scan}: does the whole file parse, how many items does it hold; a file is
 * published whole or not at all), then item by item ({@link #read}).
 */
enum UploadFormat {
    JSON {
        @Override
        FileScan scan(Path file, CsvLimits limits) throws IOException {
            return JsonItems.scan(file);
        }

        @Override
        void read(Path file, FileScan scan, CsvLimits limits, ItemVisitor visitor)
                throws MalformedFileException, IOException {
            JsonItems.forEach(file, scan.itemProperty(), visitor);
        }
    },
    CSV {
        @Override
        FileScan scan(Path file, CsvLimits limits) throws IOException {
            return CsvItems.scan(file, limits);
        }

        @Override
        void read(Path file, FileScan scan, CsvLimits limits, ItemVisitor visitor)
                throws MalformedFileException, IOException {
            CsvItems.forEach(file, limits, visitor);
        }
    };

    /** Reads the file through: whether it parses, and how many items it holds. */
    abstract FileScan scan(Path file, CsvLimits limits) throws IOException;

    /**
     * Visits every item of a file whose {@link #scan} found it well-formed.
     *
     * @throws MalformedFileException if it turns out not to parse after all (changed on disk)
     */
    abstract void read(Path file, FileScan scan, CsvLimits limits, ItemVisitor visitor)
            throws MalformedFileException, IOException;

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
            if (type != null
                    && (type.isCompatibleWith(MediaType.APPLICATION_JSON) || "json".equals(type.getSubtypeSuffix()))) {
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
