package dev.pipeline.processor.retention;

import dev.pipeline.common.report.ReportKeys;
import dev.pipeline.processor.store.ReportStore;
import dev.pipeline.processor.store.Stored;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
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
 * The objects of the {@link ReportStore} this processor writes: {@code <runId>.json} reports whose
 * summary begins with that run id, and {@code <runId>.abandoned} markers that name their run first.
 * Nothing else — another file named like a report, a scratch file, a directory (none of which the
 * store lists) — is ever one of them, so retention cannot delete it. What an object is, is read once
 * (its first few tokens) and kept while its size and modification time stay the same.
 */
@Component
class OutputFiles {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ReportStore store;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    OutputFiles(ReportStore store) {
        this.store = store;
    }

    /** Where they are, for the log. */
    String where() {
        return store.describe();
    }

    /** This processor's objects, oldest first (by last modification, then name). */
    List<OutputFile> list() throws IOException {
        List<OutputFile> ours = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Stored stored : store.list()) {
            String name = stored.runId() + stored.kind().suffix();
            seen.add(name);
            Known before = known.get(name);
            boolean isOurs;
            if (before != null
                    && before.size() == stored.bytes()
                    && before.modified().equals(stored.lastModified())) {
                isOurs = before.ours();
            } else {
                try {
                    isOurs = writtenHere(stored);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                known.put(name, new Known(stored.bytes(), stored.lastModified(), isOurs));
            }
            if (isOurs) {
                ours.add(new OutputFile(stored.runId(), stored.kind(), name, stored.bytes(), stored.lastModified()));
            }
        }
        known.keySet().retainAll(seen);
        ours.sort(Comparator.comparing(OutputFile::modified).thenComparing(OutputFile::name));
        return ours;
    }

    /** Deletes it; nothing when it is gone already. */
    void delete(OutputFile file) throws IOException {
        store.delete(file.runId(), file.kind());
    }

    /** A report begins {@code {"summary": {"run_id": <runId>}}; a marker {@code {"run_id": <runId>}}. */
    private boolean writtenHere(Stored stored) throws IOException {
        boolean report = stored.kind() == ReportStore.Kind.REPORT;
        try (InputStream in = store.open(stored.runId(), stored.kind());
                JsonParser parser = JSON.createParser(in)) {
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
                    && stored.runId().equals(parser.getString());
        } catch (JacksonException notJson) {
            return false;
        }
    }

    /** One of this processor's objects: {@code name} is {@code <runId>.json} or {@code <runId>.abandoned}. */
    record OutputFile(String runId, ReportStore.Kind kind, String name, long size, Instant modified) {}

    private record Known(long size, Instant modified, boolean ours) {}
}
