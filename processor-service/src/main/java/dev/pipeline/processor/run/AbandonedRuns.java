package dev.pipeline.processor.run;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs given up on, as marker files beside the reports: {@code <runId>.abandoned}, a small JSON
 * document with the reason. A file, not state in memory, because the trace must survive a restart
 * and be seen by every instance sharing the output directory (any of them answers for any run), and
 * because it is final like a report: a run with a marker is never opened again, so a replay after a
 * restart, or a fetcher that comes back late, cannot turn it into a report that looks complete. Not a
 * {@code <runId>.json} report, since it has no results: the stats and readers of reports never see it.
 * Written like a report: to a temporary file, forced to disk, renamed, so it is there whole or not at all.
 */
@Component
public class AbandonedRuns {

    /** The marker's file name ends so; a run id has no dot, so it can never be taken for a report. */
    public static final String SUFFIX = ".abandoned";

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
        return Counter.builder("pipeline.runs.abandoned").tag("reason", reason)
                .description("runs given up without a report: idle for abandon-after, or refused as one too many open")
                .register(meters);
    }

    public Path markerPath(String runId) {
        return directory.resolve(runId + SUFFIX);
    }

    public boolean isAbandoned(String runId) {
        return Files.exists(markerPath(runId));
    }

    /** The run's marker, if it has one that can be read. */
    public Optional<AbandonedRun> find(String runId) {
        try {
            JsonNode marker = JSON.readTree(Files.readAllBytes(markerPath(runId)));
            if (!runId.equals(marker.path("run_id").asString(null))) {
                return Optional.empty();
            }
            return Optional.of(new AbandonedRun(runId, marker.path("reason").asString(""),
                    instant(marker.get("abandoned_at")), instant(marker.get("last_activity_at")),
                    marker.path("products_read").asLong(), marker.path("errors_read").asLong()));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException | JacksonException unreadable) {
            return Optional.empty();
        }
    }

    /** Nothing of the run was read for {@code abandon-after}. */
    void idle(AbandonedRun run) throws IOException {
        write(run);
        idle.increment();
    }

    /** The run would have been one open run too many. */
    void refused(AbandonedRun run) throws IOException {
        write(run);
        refused.increment();
    }

    private void write(AbandonedRun run) throws IOException {
        Files.createDirectories(directory);
        Path target = markerPath(run.runId());
        Path temp = directory.resolve("." + run.runId() + "." + UUID.randomUUID() + SUFFIX + ".tmp");
        try {
            try (OutputStream file = Files.newOutputStream(temp); JsonGenerator out = JSON.createGenerator(file)) {
                out.writeStartObject();
                out.writeStringProperty("run_id", run.runId());
                out.writeStringProperty("state", ReportState.ABANDONED.name());
                out.writeStringProperty("reason", run.reason());
                out.writeStringProperty("abandoned_at", String.valueOf(run.abandonedAt()));
                if (run.lastActivityAt() == null) {
                    out.writeNullProperty("last_activity_at");
                } else {
                    out.writeStringProperty("last_activity_at", run.lastActivityAt().toString());
                }
                out.writeNumberProperty("products_read", run.productsRead());
                out.writeNumberProperty("errors_read", run.errorsRead());
                out.writeEndObject();
            }
            force(temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            force(directory);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static Instant instant(JsonNode text) {
        if (text == null || !text.isString()) {
            return null;
        }
        try {
            return Instant.parse(text.asString());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * A run given up on.
     *
     * @param lastActivityAt when anything of it was last read here; {@code null} for a run refused at once
     */
    public record AbandonedRun(String runId, String reason, Instant abandonedAt, Instant lastActivityAt,
                               long productsRead, long errorsRead) {
    }
}
