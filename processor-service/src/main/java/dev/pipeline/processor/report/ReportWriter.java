package dev.pipeline.processor.report;

import dev.pipeline.common.ErrorKind;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.SourceStats;
import dev.pipeline.common.report.ReportFiles;
import dev.pipeline.common.report.ReportKeys;
import dev.pipeline.common.report.ReportKeys.Metrics;
import dev.pipeline.common.report.ReportKeys.Prices;
import dev.pipeline.common.report.ReportKeys.Summary;
import dev.pipeline.common.report.ReportRows;
import dev.pipeline.processor.changes.Changes;
import dev.pipeline.processor.changes.ChangesSection;
import dev.pipeline.processor.quality.QualityVerdict;
import dev.pipeline.processor.run.OpenRun;
import dev.pipeline.processor.run.RunStore;
import dev.pipeline.processor.run.StoredProduct;
import dev.pipeline.processor.store.ReportStore;
import dev.pipeline.processor.store.Stored;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a complete run's report, streaming from its store: products are copied as stored, never
 * all in memory; its {@code changes} are made by {@link Changes} in the same pass over the store as
 * its figures, before the report is opened. The report appears whole or not at all: the
 * {@link ReportStore} writes it so ({@code <runId>.json}); the scratch files made on the way (spilled
 * prices, copied rows) are in its {@link ReportStore#scratchDirectory()}. The format (keys, rows, file
 * names) is common's {@code dev.pipeline.common.report}; this writes it. Everything computed
 * (figures, rounding) is computed before the report is opened, so a failure of the run's own leaves no
 * report half written, and the report of a run that keeps failing ({@link #writeFailed}) can leave out
 * what fails.
 */
@Component
class ReportWriter {

    /** Rounded figures print as 30.5, never as 3.05E+1. */
    static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    /** Indented, with each array element on its own line: a product per line, easy to grep and diff. */
    static final DefaultPrettyPrinter ONE_PER_LINE =
            new DefaultPrettyPrinter().withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);

    /**
     * What {@link #ONE_PER_LINE} writes between two products: the products section is copied from
     * {@link ProductRows}' scratch file with it, byte for byte what the generator would write.
     */
    static final byte[] ROW_SEPARATOR = rowSeparator();

    private final ReportStore store;
    private final Changes changes;

    /**
     * Test-only: called with the run and the part about to be made ({@code "metrics"} while its
     * figures are computed, {@code "products"} before they are copied); a test makes it throw to
     * stand in for a bug that a run's data triggers. Does nothing otherwise.
     */
    volatile BiConsumer<OpenRun, String> fault = (run, part) -> {};

    ReportWriter(ReportStore store, Changes changes) {
        this.store = store;
        this.changes = changes;
    }

    /** The run's report, whole; anything that fails, fails it. */
    Stored write(OpenRun run) throws IOException {
        return write(run, null);
    }

    /** The same, with the {@code quality} section after the summary when the run declared gates ({@code quality} not null). */
    Stored write(OpenRun run, QualityVerdict quality) throws IOException {
        return writeAtomically(
                run, quality, (prices, rows, items) -> Contents.of(figures(run, prices, rows, items), null));
    }

    /**
     * The report of a run whose whole report kept failing for a reason of its own: a
     * {@code report_failed} error saying {@code failure} is added to its errors, and the figures
     * are left out ({@code price_metrics} and {@code category_distribution} are {@code null}) if
     * they fail again. Summary, products, errors and source stats are plain counts and copies.
     */
    Stored writeFailed(OpenRun run, String failure, int tries) throws IOException {
        return writeFailed(run, null, failure, tries);
    }

    /** The same, with the {@code quality} section when the run declared gates. */
    Stored writeFailed(OpenRun run, QualityVerdict quality, String failure, int tries) throws IOException {
        return writeAtomically(run, quality, (prices, rows, items) -> {
            try {
                return Contents.of(
                        figures(run, prices, rows, items),
                        new Failure(failure + "; written whole on the last try", tries));
            } catch (RuntimeException e) {
                if (Failures.environmental(e)) {
                    throw e;
                }
                long products = run.withStore(RunStore::productCount);
                long errors = run.withStore(RunStore::errorCount);
                return new Contents(
                        products,
                        errors,
                        null,
                        null,
                        new Failure(
                                failure
                                        + "; written without price_metrics and category_distribution, which failed again: "
                                        + Failures.describe(e),
                                tries));
            }
        });
    }

    private RunFigures figures(OpenRun run, Path prices, ProductRows rows, Changes.Items items) throws IOException {
        RunFigures figures = RunFigures.of(run, prices, rows, items);
        fault.accept(run, ReportKeys.METRICS);
        return figures;
    }

    private Stored writeAtomically(OpenRun run, QualityVerdict quality, Preparation preparation) throws IOException {
        Path directory = store.scratchDirectory();
        String scratchName = ReportFiles.scratchName(run.runId());
        Path prices = ReportFiles.prices(directory, scratchName);
        Path rowsFile = ReportFiles.rows(directory, scratchName);
        // Scratch files of this run from a process killed while writing it are stale: its report is written now.
        try (var stale = Files.newDirectoryStream(directory, ReportFiles.scratchGlob(run.runId()))) {
            for (Path file : stale) {
                Files.deleteIfExists(file);
            }
        }
        try (ProductRows rows = new ProductRows(rowsFile, ROW_SEPARATOR)) {
            // The changes compared in the figures' pass: one pass over RocksDB, not two.
            Changes.Along<Contents> along = changes.alongside(run, items -> preparation.prepare(prices, rows, items));
            Contents contents = along.result();
            ChangesSection changed = along.section();
            return store.write(run.runId(), ReportStore.Kind.REPORT, file -> {
                try (JsonGenerator out = JSON.writer().with(ONE_PER_LINE).createGenerator(file)) {
                    out.writeStartObject();
                    writeSummary(out, run, contents);
                    if (quality != null) {
                        quality.write(out);
                    }
                    changed.write(out);
                    writeProducts(out, file, run, rows);
                    writeErrors(out, run, contents.failure());
                    writeMetrics(out, run, contents);
                    out.writeEndObject();
                }
                // Gone before the report appears: a process killed after the rename would leave them for
                // good, as a run with a report is never written again to sweep them.
                rows.close();
                Files.deleteIfExists(prices);
            });
        } finally {
            Files.deleteIfExists(prices);
        }
    }

    private static void writeSummary(JsonGenerator out, OpenRun run, Contents contents) {
        RunEvent.Started started = run.started();
        Instant startedAt = started == null ? run.end().endedAt() : started.startedAt();
        Instant finishedAt = Instant.now();
        out.writeObjectPropertyStart(ReportKeys.SUMMARY);
        out.writeStringProperty(Summary.RUN_ID, run.runId());
        out.writeNumberProperty(Summary.TOTAL_PRODUCTS, contents.products());
        out.writeNumberProperty(Summary.TOTAL_ERRORS, contents.errors());
        out.writeNumberProperty(
                Summary.PROCESSING_TIME_SECONDS,
                round(Duration.between(startedAt, finishedAt).toMillis() / 1000.0, 2));
        out.writeNumberProperty(Summary.SUCCESS_RATE, round(contents.successRate(), 4));
        out.writeArrayPropertyStart(Summary.SOURCES);
        for (String source : started == null ? List.<String>of() : started.sources()) {
            out.writeString(source);
        }
        out.writeEndArray();
        out.writeStringProperty(Summary.STARTED_AT, startedAt.toString());
        out.writeStringProperty(Summary.FINISHED_AT, finishedAt.toString());
        // After the original's keys: records published but gone before they were read (compaction, retention).
        out.writeBooleanProperty(Summary.INCOMPLETE, run.missingRecords() > 0);
        out.writeNumberProperty(Summary.MISSING_RECORDS, run.missingRecords());
        out.writeEndObject();
    }

    /** {@code file} is what {@code out} writes to: the rows after the first are copied into it in bulk. */
    private void writeProducts(JsonGenerator out, OutputStream file, OpenRun run, ProductRows rows) throws IOException {
        fault.accept(run, ReportKeys.PRODUCTS);
        out.writeArrayPropertyStart(ReportKeys.PRODUCTS);
        // Copied as stored: bytes to bytes, never through a String and back.
        RawJson row = new RawJson();
        if (rows.isComplete()) {
            // Copied out of the store in the figures' pass; the store is read again only when they were not.
            rows.writeTo(out, file);
            out.writeEndArray();
            return;
        }
        ByteBuffer scratch = ByteBuffer.allocate(RunFigures.SCRATCH_BYTES);
        run.withStore(store -> store.forEachProductValue(scratch, value -> {
            int start = StoredProduct.jsonStart(value);
            out.writeRawValue(row.of(value.array(), value.arrayOffset() + start, value.limit() - start));
        }));
        out.writeEndArray();
    }

    private static byte[] rowSeparator() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator out = JSON.writer().with(ONE_PER_LINE).createGenerator(bytes)) {
            out.writeStartObject();
            out.writeArrayPropertyStart(ReportKeys.PRODUCTS);
            out.writeRawValue("1");
            out.writeRawValue("2");
            out.writeEndArray();
            out.writeEndObject();
        }
        String written = bytes.toString(StandardCharsets.UTF_8);
        return written.substring(written.indexOf('1') + 1, written.indexOf('2')).getBytes(StandardCharsets.UTF_8);
    }

    private static void writeErrors(JsonGenerator out, OpenRun run, Failure failure) {
        out.writeArrayPropertyStart(ReportKeys.ERRORS);
        run.withStore(store ->
                store.forEachError((key, value) -> out.writeRawValue(new String(value, StandardCharsets.UTF_8))));
        if (failure != null) {
            // A row like every stored error (see RunLedger), last: it happened last.
            ReportRows.writeError(
                    out,
                    new ReportRows.ErrorRow(
                            "report:" + run.runId(),
                            failure.error(),
                            Instant.now(),
                            null,
                            ErrorKind.REPORT_FAILED.wireName(),
                            failure.attempts()));
        }
        out.writeEndArray();
    }

    private static void writeMetrics(JsonGenerator out, OpenRun run, Contents contents) {
        out.writeObjectPropertyStart(ReportKeys.METRICS);
        PriceMetrics prices = contents.prices();
        if (prices == null) {
            out.writeNullProperty(Metrics.PRICE_METRICS);
        } else {
            out.writeObjectPropertyStart(Metrics.PRICE_METRICS);
            writePrice(out, Prices.MIN_PRICE, prices.min());
            writePrice(out, Prices.MAX_PRICE, prices.max());
            writePrice(out, Prices.AVERAGE_PRICE, prices.average());
            writePrice(out, Prices.MEDIAN_PRICE, prices.median());
            out.writeNumberProperty(Prices.VALID_PRICE_COUNT, prices.valid());
            out.writeEndObject();
        }
        if (contents.categories() == null) {
            out.writeNullProperty(Metrics.CATEGORY_DISTRIBUTION);
        } else {
            out.writeObjectPropertyStart(Metrics.CATEGORY_DISTRIBUTION);
            contents.categories().forEach(out::writeNumberProperty);
            out.writeEndObject();
        }
        Map<String, SourceStats> stats = run.sourceStats();
        out.writeObjectPropertyStart(Metrics.SOURCE_REQUEST_COUNTS);
        stats.forEach((source, s) -> out.writeNumberProperty(source, s.requests()));
        out.writeEndObject();
        out.writeObjectPropertyStart(Metrics.SOURCE_STATS);
        stats.forEach((source, s) -> {
            out.writeObjectPropertyStart(source);
            out.writeNumberProperty(ReportKeys.SourceStats.REQUESTS, s.requests());
            out.writeNumberProperty(ReportKeys.SourceStats.SUCCEEDED, s.succeeded());
            out.writeNumberProperty(ReportKeys.SourceStats.FAILED, s.failed());
            out.writeNumberProperty(ReportKeys.SourceStats.RETRIED, s.retried());
            out.writeNumberProperty(ReportKeys.SourceStats.ITEMS, s.items());
            out.writeNumberProperty(ReportKeys.SourceStats.INVALID_ITEMS, s.invalidItems());
            out.writeEndObject();
        });
        out.writeEndObject();
        out.writeEndObject();
    }

    private static void writePrice(JsonGenerator out, String name, BigDecimal price) {
        if (price == null) {
            out.writeNullProperty(name);
        } else {
            out.writeNumberProperty(name, price);
        }
    }

    /** @throws NumberFormatException for a value that is not finite: never printed as a number it is not */
    private static BigDecimal round(double value, int decimals) {
        return BigDecimal.valueOf(value)
                .setScale(decimals, RoundingMode.HALF_UP)
                .stripTrailingZeros();
    }

    private static BigDecimal roundPrice(Double price) {
        return price == null ? null : round(price, 2);
    }

    /**
     * Makes what a report needs besides its copies from the store; {@code prices} is its scratch file,
     * {@code rows} where the figures' pass copies the product rows, {@code items} where it hands the
     * products for the changes (see {@link RunFigures#of}).
     */
    @FunctionalInterface
    private interface Preparation {
        Contents prepare(Path prices, ProductRows rows, Changes.Items items) throws IOException;
    }

    /** A {@code report_failed} error: what failed, and after how many tries. */
    private record Failure(String error, int attempts) {}

    /** Price figures, rounded as the report prints them; {@code null} figures when no product had a price. */
    private record PriceMetrics(BigDecimal min, BigDecimal max, BigDecimal average, BigDecimal median, long valid) {}

    /**
     * What is computed for a report: the counts, and the figures ({@code null} when left out). The
     * success rate counts a {@code report_failed} error like any other.
     */
    private record Contents(
            long products, long storedErrors, PriceMetrics prices, Map<String, Long> categories, Failure failure) {

        static Contents of(RunFigures figures, Failure failure) {
            PriceMetrics prices = new PriceMetrics(
                    roundPrice(figures.minPrice()),
                    roundPrice(figures.maxPrice()),
                    roundPrice(figures.averagePrice()),
                    roundPrice(figures.medianPrice()),
                    figures.validPrices());
            return new Contents(figures.products(), figures.errors(), prices, figures.categories(), failure);
        }

        long errors() {
            return storedErrors + (failure == null ? 0 : 1);
        }

        double successRate() {
            return products + errors() == 0 ? 0 : (double) products / (products + errors());
        }
    }
}
