package dev.pipeline.processor.run;

import dev.pipeline.common.report.AbandonedMarker;
import dev.pipeline.processor.store.ReportStore;
import dev.pipeline.processor.store.Stored;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs given up on, as markers beside the reports in the {@link ReportStore}: {@code <runId>.abandoned},
 * a small JSON document with the reason ({@link AbandonedMarker}). Kept there, not in memory, because
 * the trace must survive a restart and be seen by every instance sharing the store (any of them
 * answers for any run), and because it is final like a report: a run with a marker is never opened
 * again, so a replay after a restart, or a fetcher that comes back late, cannot turn it into a report
 * that looks complete. Not a {@code <runId>.json} report, since it has no results: the stats and
 * readers of reports never see it. Written like a report, whole or not at all.
 */
@Component
public class AbandonedRuns {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ReportStore store;
    private final Counter idle;
    private final Counter refused;

    AbandonedRuns(ReportStore store, MeterRegistry meters) {
        this.store = store;
        this.idle = counter(meters, "idle");
        this.refused = counter(meters, "too_many_open_runs");
    }

    private static Counter counter(MeterRegistry meters, String reason) {
        return Counter.builder("pipeline.runs.abandoned")
                .tag("reason", reason)
                .description("runs given up without a report: idle for abandon-after, or refused as one too many open")
                .register(meters);
    }

    public boolean isAbandoned(String runId) {
        try {
            return store.find(runId, ReportStore.Kind.MARKER).isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tell whether run " + runId + " has a marker", e);
        }
    }

    /** The run's marker, if it has one that can be read. */
    public Optional<AbandonedMarker> find(String runId) {
        try (InputStream marker = store.open(runId, ReportStore.Kind.MARKER)) {
            return AbandonedMarker.of(JSON.readTree(marker.readAllBytes()), runId);
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException | JacksonException unreadable) {
            return Optional.empty();
        }
    }

    /** Nothing of the run was read for {@code abandon-after}. */
    Stored idle(AbandonedMarker run) throws IOException {
        Stored marker = write(run);
        idle.increment();
        return marker;
    }

    /** The run would have been one open run too many. */
    Stored refused(AbandonedMarker run) throws IOException {
        Stored marker = write(run);
        refused.increment();
        return marker;
    }

    private Stored write(AbandonedMarker run) throws IOException {
        return store.write(run.runId(), ReportStore.Kind.MARKER, file -> {
            try (JsonGenerator out = JSON.createGenerator(file)) {
                run.write(out);
            }
        });
    }
}
