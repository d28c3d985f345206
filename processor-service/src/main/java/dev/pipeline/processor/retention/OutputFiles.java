package dev.pipeline.processor.retention;

import dev.pipeline.common.report.ReportFiles;
import dev.pipeline.common.report.ReportKeys;
import dev.pipeline.processor.ProcessorProperties;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * The files of the output directory this processor writes: {@code <runId>.json} reports whose
 * summary begins with that run id, and {@code <runId>.abandoned} markers that name their run first.
 * Nothing else — another file named like a report, a scratch file, a directory — is ever one of
 * them, so retention cannot delete it. What a file is, is read once (its first few tokens) and kept
 * while its size and modification time stay the same.
 */
@Component
class OutputFiles {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path directory;
    private final Map<Path, Known> known = new ConcurrentHashMap<>();

    OutputFiles(ProcessorProperties properties) {
        this.directory = properties.outputDir();
    }

    /** This processor's files, oldest first (by last modification, then name). */
    List<OutputFile> list() throws IOException {
        List<OutputFile> ours = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        if (!Files.isDirectory(directory)) {
            return ours;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, ReportFiles.NOT_SCRATCH_GLOB)) {
            for (Path file : files) {
                String runId = ReportFiles.runIdOf(file.getFileName().toString());
                if (runId == null) {
                    continue;
                }
                seen.add(file);
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(file, BasicFileAttributes.class);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (!attributes.isRegularFile()) {
                    continue;
                }
                Known before = known.get(file);
                boolean isOurs;
                if (before != null
                        && before.size() == attributes.size()
                        && before.modified().equals(attributes.lastModifiedTime())) {
                    isOurs = before.ours();
                } else {
                    isOurs = writtenHere(file, runId);
                    known.put(file, new Known(attributes.size(), attributes.lastModifiedTime(), isOurs));
                }
                if (isOurs) {
                    ours.add(new OutputFile(file, attributes.size(), attributes.lastModifiedTime()));
                }
            }
        }
        known.keySet().retainAll(seen);
        ours.sort(Comparator.comparing(OutputFile::modified)
                .thenComparing(f -> f.path().getFileName().toString()));
        return ours;
    }

    /** A report begins {@code {"summary": {"run_id": <runId>}}; a marker {@code {"run_id": <runId>}}. */
    private static boolean writtenHere(Path file, String runId) {
        boolean report = ReportFiles.isReport(file.getFileName().toString());
        try (JsonParser parser = JSON.createParser(file.toFile())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            if (report
                    && (!ReportKeys.SUMMARY.equals(parser.nextName())
                            || parser.nextToken() != JsonToken.START_OBJECT)) {
                return false;
            }
            String runIdKey = report ? ReportKeys.Summary.RUN_ID : ReportKeys.Marker.RUN_ID;
            return runIdKey.equals(parser.nextName())
                    && parser.nextToken() == JsonToken.VALUE_STRING
                    && runId.equals(parser.getString());
        } catch (JacksonException notJson) {
            return false;
        }
    }

    record OutputFile(Path path, long size, FileTime modified) {}

    private record Known(long size, FileTime modified, boolean ours) {}
}
