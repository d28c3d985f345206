package dev.pipeline.processor.stats;

import dev.pipeline.processor.store.ReportStore;
import dev.pipeline.processor.store.Stored;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
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
 * The reports in the {@link ReportStore}, as {@link ReportFacts}. A report is read once and its facts
 * kept until its size or modification time changes (a report rewritten by a re-run); an object that
 * is not a report is skipped, and logged once. Scratch files ({@code .<runId>...}) and markers are
 * never looked at. The reports are those of the shared {@link StoreListing}.
 *
 * <p>Each report is read through once: its facts need the products (counted per source) and the
 * {@code metrics}, which are written after them, so no head-only read would do. A new instance's
 * first call reads every report once; after that only new and rewritten ones.
 */
@Component
class ReportShelf {

    private static final Logger log = LoggerFactory.getLogger(ReportShelf.class);

    private final ReportStore store;
    private final StoreListing listing;
    private final Map<String, Shelved> shelved = new ConcurrentHashMap<>();

    ReportShelf(ReportStore store, StoreListing listing) {
        this.store = store;
        this.listing = listing;
    }

    /** Every report now in the store; {@code unreadable} counts the objects that are not reports. */
    Contents contents() {
        List<ReportFacts> reports = new ArrayList<>();
        int unreadable = 0;
        Set<String> seen = new HashSet<>();
        for (Stored report : listing.reports()) {
            seen.add(report.runId());
            Shelved entry = facts(report);
            if (entry == null) {
                continue;
            }
            if (entry.facts() == null) {
                unreadable++;
            } else {
                reports.add(entry.facts());
            }
        }
        shelved.keySet().retainAll(seen);
        return new Contents(reports, unreadable);
    }

    /** {@code null} when the report went away meanwhile. */
    private Shelved facts(Stored report) {
        Shelved known = shelved.get(report.runId());
        if (known != null && known.size() == report.bytes() && known.modified().equals(report.lastModified())) {
            return known;
        }
        try {
            Shelved read = new Shelved(report.bytes(), report.lastModified(), read(report));
            shelved.put(report.runId(), read);
            return read;
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException e) {
            log.warn("{} cannot be read, left out of the stats: {}", name(report), e.toString());
            return new Shelved(-1, Instant.EPOCH, null);
        }
    }

    /** The report's facts, or {@code null} when it is not a report (said once, in the log). */
    private ReportFacts read(Stored report) throws IOException {
        try (InputStream in = store.open(report.runId(), ReportStore.Kind.REPORT)) {
            return ReportFactsReader.read(in);
        } catch (JacksonException | IllegalArgumentException e) {
            if (store.find(report.runId(), ReportStore.Kind.REPORT).isEmpty()) {
                throw new NoSuchFileException(report.location());
            }
            String message = e.getMessage() == null
                    ? e.toString()
                    : e.getMessage().lines().findFirst().orElse("");
            log.warn("{} is not a report, left out of the stats: {}", name(report), message);
            return null;
        }
    }

    private static String name(Stored report) {
        return report.runId() + report.kind().suffix();
    }

    record Contents(List<ReportFacts> reports, int unreadable) {}

    private record Shelved(long size, Instant modified, ReportFacts facts) {}
}
