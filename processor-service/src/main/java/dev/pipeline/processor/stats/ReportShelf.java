package dev.pipeline.processor.stats;

import dev.pipeline.common.report.ReportFiles;
import dev.pipeline.processor.ProcessorProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;

/**
 * The reports in the output directory, as {@link ReportFacts}. A report is read once and its facts
 * kept until the file's size or modification time changes (a report rewritten by a re-run); a
 * file that is not a report is skipped, and logged once. Scratch files ({@code .<runId>...}) are
 * never looked at.
 */
@Component
class ReportShelf {

    private static final Logger log = LoggerFactory.getLogger(ReportShelf.class);

    private final Path directory;
    private final Map<Path, Shelved> shelved = new ConcurrentHashMap<>();

    ReportShelf(ProcessorProperties properties) {
        this.directory = properties.outputDir();
    }

    /** Every report now in the directory; {@code unreadable} counts the files that are not reports. */
    Contents contents() {
        if (!Files.isDirectory(directory)) {
            return new Contents(List.of(), 0);
        }
        List<ReportFacts> reports = new ArrayList<>();
        int unreadable = 0;
        Set<Path> seen = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, ReportFiles.REPORTS_GLOB)) {
            for (Path file : files) {
                seen.add(file);
                Shelved entry = facts(file);
                if (entry == null) {
                    continue;
                }
                if (entry.facts() == null) {
                    unreadable++;
                } else {
                    reports.add(entry.facts());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the reports in " + directory, e);
        }
        shelved.keySet().retainAll(seen);
        return new Contents(reports, unreadable);
    }

    /** {@code null} when the file went away meanwhile. */
    private Shelved facts(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            Shelved known = shelved.get(file);
            if (known != null
                    && known.size() == attributes.size()
                    && known.modified().equals(attributes.lastModifiedTime())) {
                return known;
            }
            Shelved read = new Shelved(attributes.size(), attributes.lastModifiedTime(), read(file));
            shelved.put(file, read);
            return read;
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException e) {
            log.warn("{} cannot be read, left out of the stats: {}", file.getFileName(), e.toString());
            return new Shelved(-1, FileTime.fromMillis(0), null);
        }
    }

    /** The file's facts, or {@code null} when it is not a report (said once, in the log). */
    private static ReportFacts read(Path file) throws IOException {
        try {
            return ReportFactsReader.read(file);
        } catch (JacksonException | IllegalArgumentException e) {
            if (Files.notExists(file)) {
                throw new NoSuchFileException(file.toString());
            }
            String message = e.getMessage() == null
                    ? e.toString()
                    : e.getMessage().lines().findFirst().orElse("");
            log.warn("{} is not a report, left out of the stats: {}", file.getFileName(), message);
            return null;
        }
    }

    record Contents(List<ReportFacts> reports, int unreadable) {}

    private record Shelved(long size, FileTime modified, ReportFacts facts) {}
}
