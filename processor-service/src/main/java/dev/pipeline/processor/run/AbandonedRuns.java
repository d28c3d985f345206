package dev.pipeline.processor.run;

import dev.pipeline.common.report.AbandonedMarker;
import dev.pipeline.common.report.ReportFiles;
import dev.pipeline.processor.ProcessorProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs given up on, as marker files beside the reports: {@code <runId>.abandoned}, a small JSON
 * document with the reason ({@link AbandonedMarker}). A file, not state in memory, because the trace
 * must survive a restart and be seen by every instance sharing the output directory (any of them
 * answers for any run), and because it is final like a report: a run with a marker is never opened
 * again, so a replay after a restart, or a fetcher that comes back late, cannot turn it into a report
 * that looks complete. Not a {@code <runId>.json} report, since it has no results: the stats and
 * readers of reports never see it. Written like a report ({@link AtomicFile}), so it is there whole or
 * not at all.
 */
@Component
public class AbandonedRuns {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path directory;
    private final Counter idle;
    private final Counter refused;

    AbandonedRuns(ProcessorProperties properties, MeterRegistry meters) {
        this.directory = properties.outputDir();
        this.idle = counter(meters, "idle");
        this.refused = counter(meters, "too_many_open_runs");
    }

    private static Counter counter(MeterRegistry meters, String reason) {
        return Counter.builder("pipeline.runs.abandoned")
                .tag("reason", reason)
                .description("runs given up without a report: idle for abandon-after, or refused as one too many open")
                .register(meters);
    }

    public Path markerPath(String runId) {
        return ReportFiles.marker(directory, runId);
    }

    public boolean isAbandoned(String runId) {
        return Files.exists(markerPath(runId));
    }

    /** The run's marker, if it has one that can be read. */
    public Optional<AbandonedMarker> find(String runId) {
        try {
            return AbandonedMarker.of(JSON.readTree(Files.readAllBytes(markerPath(runId))), runId);
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException | JacksonException unreadable) {
            return Optional.empty();
        }
    }

    /** Nothing of the run was read for {@code abandon-after}. */
    void idle(AbandonedMarker run) throws IOException {
        write(run);
        idle.increment();
    }

    /** The run would have been one open run too many. */
    void refused(AbandonedMarker run) throws IOException {
        write(run);
        refused.increment();
    }

    private void write(AbandonedMarker run) throws IOException {
        Files.createDirectories(directory);
        AtomicFile.write(markerPath(run.runId()), ReportFiles.temporaryMarker(directory, run.runId()), file -> {
            try (JsonGenerator out = JSON.createGenerator(file)) {
                run.write(out);
            }
        });
    }
}
