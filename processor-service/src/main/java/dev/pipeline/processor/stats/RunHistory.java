package dev.pipeline.processor.stats;

import dev.pipeline.common.report.ReportKeys;
import dev.pipeline.common.report.ReportParser;
import dev.pipeline.processor.store.ReportStore;
import dev.pipeline.processor.store.Stored;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which earlier runs a run's {@code changes} are against, from the reports in the {@link ReportStore}
 * (so the answer is the same on every instance that shares it, and after a restart): per source, the
 * latest earlier run that fetched it, and the runs whose items count as still there — those since
 * the latest run that fetched the source whole. Only each report's head is read ({@link
 * ReportParser#head}: summary, quality, changes), never its products, and kept until the report changes;
 * the stream is closed there, so an object store stops sending. The reports are those of the shared
 * {@link StoreListing}.
 */
@Component
public class RunHistory {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ReportStore store;
    private final StoreListing listing;
    private final Map<String, Shelved> shelved = new ConcurrentHashMap<>();

    RunHistory(ReportStore store, StoreListing listing) {
        this.store = store;
        this.listing = listing;
    }

    /**
     * What the reports of runs started before {@code startedAt} (other than {@code runId}) say of
     * {@code sources}.
     */
    public History before(String runId, Instant startedAt, List<String> sources) {
        List<Head> earlier = heads().stream()
                .filter(head -> !head.runId().equals(runId))
                .filter(head -> head.startedAt().isBefore(startedAt))
                .sorted(Comparator.comparing(Head::startedAt).thenComparing(Head::runId))
                .toList();
        String against = null;
        for (Head head : earlier) {
            if (head.sources().containsAll(sources)) {
                against = head.runId();
            }
        }
        Map<String, SourceHistory> bySource = new LinkedHashMap<>();
        for (String source : sources) {
            List<Head> fetched = earlier.stream()
                    .filter(head -> head.sources().contains(source))
                    .toList();
            int whole = -1;
            for (int i = 0; i < fetched.size(); i++) {
                if (!fetched.get(i).incremental().contains(source)) {
                    whole = i;
                }
            }
            Set<String> seen = new HashSet<>();
            // Never fetched whole (in the reports kept): every run that fetched it saw what is still there.
            for (int i = Math.max(whole, 0); i < fetched.size(); i++) {
                seen.add(fetched.get(i).runId());
            }
            bySource.put(
                    source,
                    new SourceHistory(
                            fetched.isEmpty() ? null : fetched.getLast().runId(), Set.copyOf(seen)));
        }
        return new History(against, bySource);
    }

    /**
     * @param againstRun the latest earlier run started with all the sources asked of; {@code null} when none
     * @param bySource   each source asked of, in the order asked
     */
    public record History(String againstRun, Map<String, SourceHistory> bySource) {}

    /**
     * @param lastRun     the latest earlier run that fetched the source; {@code null} when none
     * @param stillThere  the runs whose items of the source count as still there: the latest that
     *                    fetched it whole and the incremental ones after it (every earlier one when
     *                    none fetched it whole); an item last seen by one of them and not by a run
     *                    that fetches the source whole was removed
     */
    public record SourceHistory(String lastRun, Set<String> stillThere) {}

    private List<Head> heads() {
        List<Head> heads = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Stored report : listing.reports()) {
            seen.add(report.runId());
            Head head = head(report);
            if (head != null) {
                heads.add(head);
            }
        }
        shelved.keySet().retainAll(seen);
        return heads;
    }

    /** {@code null} when the report went away, cannot be read, or is not a report (the stats log those). */
    private Head head(Stored report) {
        Shelved known = shelved.get(report.runId());
        if (known != null && known.size() == report.bytes() && known.modified().equals(report.lastModified())) {
            return known.head();
        }
        try (InputStream in = store.open(report.runId(), ReportStore.Kind.REPORT)) {
            Head head = read(in);
            shelved.put(report.runId(), new Shelved(report.bytes(), report.lastModified(), head));
            return head;
        } catch (IOException | JacksonException | IllegalArgumentException unreadable) {
            return null;
        }
    }

    private static Head read(InputStream report) throws IOException {
        ReportParser.Head head;
        try (JsonParser parser = JSON.createParser(report)) {
            head = ReportParser.head(parser);
        }
        JsonNode summary = head.summary();
        String runId = summary.path(ReportKeys.Summary.RUN_ID).asString(null);
        Instant startedAt = ReportParser.instant(summary.get(ReportKeys.Summary.STARTED_AT));
        if (runId == null || startedAt == null) {
            return null;
        }
        Set<String> sources = new HashSet<>();
        summary.path(ReportKeys.Summary.SOURCES).forEach(source -> sources.add(source.asString()));
        Set<String> incremental = new HashSet<>();
        if (head.changes() != null) {
            head.changes().path(ReportKeys.Changes.INCREMENTAL).forEach(source -> incremental.add(source.asString()));
        }
        return new Head(runId, startedAt, Set.copyOf(sources), Set.copyOf(incremental));
    }

    /** What is kept of one report: its run, when it started, its sources and which of them it fetched incrementally. */
    private record Head(String runId, Instant startedAt, Set<String> sources, Set<String> incremental) {}

    private record Shelved(long size, Instant modified, Head head) {}
}
