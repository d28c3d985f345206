package dev.pipeline.processor.report;

import dev.pipeline.common.RunEvent;
import dev.pipeline.common.SourceStats;
import dev.pipeline.processor.run.OpenRun;
import dev.pipeline.processor.run.RunLedger;
import dev.pipeline.processor.run.StoredProduct;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes a complete run's report, streaming from its store: products are copied as stored, never
 * all in memory. The report appears whole or not at all: written to a temporary file, forced to
 * disk, then renamed over {@code <runId>.json}.
 */
@Component
class ReportWriter {

    /** Rounded figures print as 30.5, never as 3.05E+1. */
    private static final JsonMapper JSON = JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    /** Indented, with each array element on its own line: a product per line, easy to grep and diff. */
    private static final DefaultPrettyPrinter ONE_PER_LINE = new DefaultPrettyPrinter()
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);

    private final RunLedger ledger;

    ReportWriter(RunLedger ledger) {
        this.ledger = ledger;
    }

    Path write(OpenRun run) throws IOException {
        Path target = ledger.reportPath(run.runId());
        Path directory = target.toAbsolutePath().getParent();
        String scratchName = "." + run.runId() + "." + UUID.randomUUID();
        Path temp = directory.resolve(scratchName + ".json.tmp");
        Path prices = directory.resolve(scratchName + ".prices");
        // Scratch files of this run from a process killed while writing it are stale: its report is written now.
        try (var stale = Files.newDirectoryStream(directory, "." + run.runId() + ".*")) {
            for (Path file : stale) {
                Files.deleteIfExists(file);
            }
        }
        try {
            RunFigures figures = RunFigures.of(run, prices);
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16);
                 JsonGenerator out = JSON.writer().with(ONE_PER_LINE).createGenerator(file)) {
                out.writeStartObject();
                writeSummary(out, run, figures);
                writeProducts(out, run);
                writeErrors(out, run);
                writeMetrics(out, run, figures);
                out.writeEndObject();
            }
            force(temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            force(directory);
            return target;
        } finally {
            Files.deleteIfExists(temp);
            Files.deleteIfExists(prices);
        }
    }

    private static void writeSummary(JsonGenerator out, OpenRun run, RunFigures figures) {
        RunEvent.Started started = run.started();
        Instant startedAt = started == null ? run.fetched().fetchedAt() : started.startedAt();
        Instant finishedAt = Instant.now();
        out.writeObjectPropertyStart("summary");
        out.writeStringProperty("run_id", run.runId());
        out.writeNumberProperty("total_products", figures.products());
        out.writeNumberProperty("total_errors", figures.errors());
        out.writeNumberProperty("processing_time_seconds",
                round(Duration.between(startedAt, finishedAt).toMillis() / 1000.0, 2));
        out.writeNumberProperty("success_rate", round(figures.successRate(), 4));
        out.writeArrayPropertyStart("sources");
        for (String source : started == null ? List.<String>of() : started.sources()) {
            out.writeString(source);
        }
        out.writeEndArray();
        out.writeStringProperty("started_at", startedAt.toString());
        out.writeStringProperty("finished_at", finishedAt.toString());
        // After the original's keys: records published but gone before they were read (compaction, retention).
        out.writeBooleanProperty("incomplete", run.missingRecords() > 0);
        out.writeNumberProperty("missing_records", run.missingRecords());
        out.writeEndObject();
    }

    private static void writeProducts(JsonGenerator out, OpenRun run) {
        out.writeArrayPropertyStart("products");
        run.withStore(store -> store.forEachProduct((key, value) ->
                out.writeRawValue(new String(StoredProduct.decode(value).json(), StandardCharsets.UTF_8))));
        out.writeEndArray();
    }

    private static void writeErrors(JsonGenerator out, OpenRun run) {
        out.writeArrayPropertyStart("errors");
        run.withStore(store -> store.forEachError((key, value) -> out.writeRawValue(new String(value, StandardCharsets.UTF_8))));
        out.writeEndArray();
    }

    private static void writeMetrics(JsonGenerator out, OpenRun run, RunFigures figures) {
        out.writeObjectPropertyStart("metrics");
        out.writeObjectPropertyStart("price_metrics");
        writePrice(out, "min_price", figures.minPrice());
        writePrice(out, "max_price", figures.maxPrice());
        writePrice(out, "average_price", figures.averagePrice());
        writePrice(out, "median_price", figures.medianPrice());
        out.writeNumberProperty("valid_price_count", figures.validPrices());
        out.writeEndObject();
        out.writeObjectPropertyStart("category_distribution");
        figures.categories().forEach(out::writeNumberProperty);
        out.writeEndObject();
        Map<String, SourceStats> stats = run.sourceStats();
        out.writeObjectPropertyStart("source_request_counts");
        stats.forEach((source, s) -> out.writeNumberProperty(source, s.requests()));
        out.writeEndObject();
        out.writeObjectPropertyStart("source_stats");
        stats.forEach((source, s) -> {
            out.writeObjectPropertyStart(source);
            out.writeNumberProperty("requests", s.requests());
            out.writeNumberProperty("succeeded", s.succeeded());
            out.writeNumberProperty("failed", s.failed());
            out.writeNumberProperty("retried", s.retried());
            out.writeNumberProperty("items", s.items());
            out.writeNumberProperty("invalid_items", s.invalidItems());
            out.writeEndObject();
        });
        out.writeEndObject();
        out.writeEndObject();
    }

    private static void writePrice(JsonGenerator out, String name, Double price) {
        if (price == null) {
            out.writeNullProperty(name);
        } else {
            out.writeNumberProperty(name, round(price, 2));
        }
    }

    private static BigDecimal round(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros();
    }

    private static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
