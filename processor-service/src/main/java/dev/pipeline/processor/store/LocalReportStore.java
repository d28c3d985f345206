package dev.pipeline.processor.store;

import dev.pipeline.common.report.ReportFiles;
import dev.pipeline.processor.ProcessorProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code pipeline.processor.reports.store=local}, the default: the output directory
 * ({@code pipeline.processor.output-dir}) of this host, named as common's {@link ReportFiles} says
 * ({@code <runId>.json}, {@code <runId>.abandoned}, scratch files beginning with a dot). Each object
 * is written with {@link AtomicFile}; the directory is also where a report's scratch files go, so
 * that the report's temporary file is renamed into place on the same file system.
 */
public class LocalReportStore implements ReportStore {

    private final Path directory;
    private final AtomicLong changes = new AtomicLong();

    public LocalReportStore(ProcessorProperties properties) throws IOException {
        this.directory = properties.outputDir();
        Files.createDirectories(directory);
    }

    @Override
    public Stored write(String runId, Kind kind, Content content) throws IOException {
        try {
            return writeFile(runId, kind, content);
        } finally {
            changes.incrementAndGet();
        }
    }

    private Stored writeFile(String runId, Kind kind, Content content) throws IOException {
        if (Files.notExists(directory)) {
            // Deleted while running: made again. A file in its place is left to fail the write (an outage).
            Files.createDirectories(directory);
        }
        Path target = path(runId, kind);
        Path temporary = kind == Kind.REPORT
                ? ReportFiles.temporaryReport(directory, ReportFiles.scratchName(runId))
                : ReportFiles.temporaryMarker(directory, runId);
        AtomicFile.Written written = AtomicFile.write(target, temporary, content);
        BasicFileAttributes attributes = Files.readAttributes(target, BasicFileAttributes.class);
        return new Stored(
                runId,
                kind,
                location(target),
                written.bytes(),
                attributes.lastModifiedTime().toInstant(),
                written.sha256());
    }

    @Override
    public Optional<Stored> find(String runId, Kind kind) throws IOException {
        Path file = path(runId, kind);
        try {
            return Optional.of(stored(runId, kind, file, Files.readAttributes(file, BasicFileAttributes.class)));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
    }

    @Override
    public boolean isDone(String runId) {
        return Files.exists(path(runId, Kind.REPORT)) || Files.exists(path(runId, Kind.MARKER));
    }

    @Override
    public InputStream open(String runId, Kind kind) throws IOException {
        return Files.newInputStream(path(runId, kind));
    }

    /** Reports and markers only: never a scratch file (a dot first), nor a file of another name or a directory. */
    @Override
    public List<Stored> list() throws IOException {
        List<Stored> stored = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return stored;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, ReportFiles.NOT_SCRATCH_GLOB)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String runId = ReportFiles.runIdOf(name);
                if (runId == null) {
                    continue;
                }
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(file, BasicFileAttributes.class);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (attributes.isRegularFile()) {
                    stored.add(stored(runId, ReportFiles.isReport(name) ? Kind.REPORT : Kind.MARKER, file, attributes));
                }
            }
        }
        return stored;
    }

    @Override
    public void delete(String runId, Kind kind) throws IOException {
        try {
            Files.deleteIfExists(path(runId, kind));
        } finally {
            changes.incrementAndGet();
        }
    }

    @Override
    public long changes() {
        return changes.get();
    }

    @Override
    public Path scratchDirectory() {
        return directory;
    }

    @Override
    public String describe() {
        return directory.toAbsolutePath().toString();
    }

    private Path path(String runId, Kind kind) {
        return kind == Kind.REPORT ? ReportFiles.report(directory, runId) : ReportFiles.marker(directory, runId);
    }

    private static Stored stored(String runId, Kind kind, Path file, BasicFileAttributes attributes) {
        return new Stored(
                runId,
                kind,
                location(file),
                attributes.size(),
                attributes.lastModifiedTime().toInstant(),
                null);
    }

    private static String location(Path file) {
        return file.toAbsolutePath().toUri().toString();
    }
}
