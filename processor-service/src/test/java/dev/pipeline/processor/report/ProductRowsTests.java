package dev.pipeline.processor.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.processor.TestProcessorProperties;
import dev.pipeline.processor.store.LocalReportStore;
import dev.pipeline.processor.store.ReportStore;
import dev.pipeline.processor.store.Stored;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JsonGenerator;

/**
 * The products section copied from the rows' scratch file is byte for byte the one the report's
 * generator writes row by row, for no rows, one, and many, long ones too; a pass that did not end
 * leaves none to use; copied into a store of this host in bulk, the same bytes, and its checksum.
 */
class ProductRowsTests {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 1000})
    void theCopiedSectionIsTheOneTheGeneratorWrites(int count) throws IOException {
        Path file = Files.createTempDirectory("rows").resolve(".run.rows");
        List<String> written = new ArrayList<>();
        ByteArrayOutputStream copied = new ByteArrayOutputStream();
        try (ProductRows rows = rows(file, count, written)) {
            writeReport(copied, rows);
        }
        assertThat(copied.toString(StandardCharsets.UTF_8)).isEqualTo(generated(written));
        assertThat(file).doesNotExist();
    }

    /** Into a store of this host the rows after the first are copied inside the kernel: the same bytes, and checksum. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 1000, 60_000})
    void theSectionCopiedInBulkIntoAStoreIsTheOneTheGeneratorWrites(int count) throws Exception {
        Path root = Files.createTempDirectory("rows");
        Path file = root.resolve(".run.rows");
        List<String> written = new ArrayList<>();
        LocalReportStore store = new LocalReportStore(TestProcessorProperties.under(root));
        Stored stored;
        try (ProductRows rows = rows(file, count, written)) {
            stored = store.write("run-1", ReportStore.Kind.REPORT, out -> writeReport(out, rows));
        }
        byte[] report;
        try (var in = store.open("run-1", ReportStore.Kind.REPORT)) {
            report = in.readAllBytes();
        }
        assertThat(new String(report, StandardCharsets.UTF_8)).isEqualTo(generated(written));
        assertThat(stored.sha256())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(report)));
        assertThat(stored.bytes()).isEqualTo(report.length);
    }

    private static ProductRows rows(Path file, int count, List<String> written) throws IOException {
        ProductRows rows = new ProductRows(file, ReportWriter.ROW_SEPARATOR);
        for (int i = 0; i < count; i++) {
            String row = "{\"id\":\"" + i + "\",\"title\":\"" + "ö".repeat(i == 500 ? 70_000 : i % 10) + "\"}";
            written.add(row);
            byte[] header = {1, 2, 3};
            byte[] json = row.getBytes(StandardCharsets.UTF_8);
            rows.add(
                    ByteBuffer.allocate(header.length + json.length)
                            .put(header)
                            .put(json)
                            .flip(),
                    header.length);
        }
        rows.complete(count);
        assertThat(rows.isComplete()).isTrue();
        return rows;
    }

    /** As the report writer does: the rows through the generator and {@code file}, the stream it writes to. */
    private static void writeReport(OutputStream file, ProductRows rows) throws IOException {
        try (JsonGenerator out = report(file)) {
            out.writeStartObject();
            out.writeArrayPropertyStart("products");
            rows.writeTo(out, file);
            out.writeEndArray();
            out.writeArrayPropertyStart("errors");
            out.writeEndArray();
            out.writeEndObject();
        }
    }

    private static String generated(List<String> written) {
        ByteArrayOutputStream generated = new ByteArrayOutputStream();
        try (JsonGenerator out = report(generated)) {
            out.writeStartObject();
            out.writeArrayPropertyStart("products");
            written.forEach(out::writeRawValue);
            out.writeEndArray();
            out.writeArrayPropertyStart("errors");
            out.writeEndArray();
            out.writeEndObject();
        }
        return generated.toString(StandardCharsets.UTF_8);
    }

    @Test
    void rowsOfAPassThatCountedOtherwiseAreNotUsed() throws IOException {
        Path file = Files.createTempDirectory("rows").resolve(".run.rows");
        try (ProductRows rows = new ProductRows(file, ReportWriter.ROW_SEPARATOR)) {
            rows.add(ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8)), 0);
            assertThat(rows.isComplete()).isFalse();
            rows.complete(2);
            assertThat(rows.isComplete()).isFalse();
        }
    }

    private static JsonGenerator report(OutputStream bytes) {
        return ReportWriter.JSON.writer().with(ReportWriter.ONE_PER_LINE).createGenerator(bytes);
    }
}
