package dev.pipeline.processor.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JsonGenerator;

/**
 * The products section copied from the rows' scratch file is byte for byte the one the report's
 * generator writes row by row, for no rows, one, and many, long ones too; a pass that did not end
 * leaves none to use.
 */
class ProductRowsTests {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 1000})
    void theCopiedSectionIsTheOneTheGeneratorWrites(int count) throws IOException {
        Path file = Files.createTempDirectory("rows").resolve(".run.rows");
        List<String> written = new ArrayList<>();
        ByteArrayOutputStream copied = new ByteArrayOutputStream();
        try (ProductRows rows = new ProductRows(file, ReportWriter.ROW_SEPARATOR)) {
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
            try (JsonGenerator out = report(copied)) {
                out.writeStartObject();
                out.writeArrayPropertyStart("products");
                rows.writeTo(out, copied);
                out.writeEndArray();
                out.writeArrayPropertyStart("errors");
                out.writeEndArray();
                out.writeEndObject();
            }
        }
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
        assertThat(copied.toString(StandardCharsets.UTF_8)).isEqualTo(generated.toString(StandardCharsets.UTF_8));
        assertThat(file).doesNotExist();
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

    private static JsonGenerator report(ByteArrayOutputStream bytes) {
        return ReportWriter.JSON.writer().with(ReportWriter.ONE_PER_LINE).createGenerator(bytes);
    }
}
