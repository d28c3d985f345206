package dev.pipeline.processor.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.report.ReportRows;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;

/**
 * A report's products copied as bytes ({@link RawJson}) print exactly what they printed when each
 * row went through a {@code String}: same separators, same indentation, same UTF-8 — rows that do
 * not fit in what is left of the generator's buffer, or in the whole of it, included.
 */
class RawJsonTests {

    @Test
    void rowsWrittenAsBytesAreTheBytesRowsWrittenAsStringsWere() {
        List<byte[]> rows = rows();
        assertThat(products(rows, true)).isEqualTo(products(rows, false));
    }

    @Test
    void aRowFromTheMiddleOfAnArrayIsOnlyThatRow() {
        byte[] row = "{\"id\":\"ü\"}".getBytes(StandardCharsets.UTF_8);
        byte[] padded = new byte[row.length + 7];
        System.arraycopy(row, 0, padded, 3, row.length);
        RawJson raw = new RawJson().of(padded, 3, row.length);
        assertThat(raw.asUnquotedUTF8()).isEqualTo(row);
        assertThat(raw.getValue()).isEqualTo("{\"id\":\"ü\"}");
        assertThat(raw.appendUnquotedUTF8(new byte[row.length - 1], 0)).isEqualTo(-1);
    }

    private static List<byte[]> rows() {
        SplittableRandom random = new SplittableRandom(16);
        List<byte[]> rows = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            int titleLength = i % 500 == 7 ? 40_000 + random.nextInt(40_000) : 1 + random.nextInt(300);
            StringBuilder title = new StringBuilder();
            for (int c = 0; c < titleLength; c++) {
                title.append(c % 13 == 0 ? 'é' : c % 29 == 0 ? '"' : (char) ('a' + random.nextInt(26)));
            }
            ProductRecord product = new ProductRecord(
                    1,
                    "run-1",
                    "dummyjson",
                    Integer.toString(i),
                    title.toString(),
                    i % 10 == 0 ? null : random.nextInt(100_000) / 100.0,
                    "cat-" + random.nextInt(5),
                    "http://upstream/page",
                    Instant.ofEpochSecond(1_700_000_000L + i, i * 1000L),
                    i % 3 == 0 ? Map.of("brand", "Ä" + i, "colour", "red") : Map.of());
            ByteArrayOutputStream row = new ByteArrayOutputStream();
            try (JsonGenerator out = ReportWriter.JSON.createGenerator(row)) {
                ReportRows.writeProduct(out, product, Instant.ofEpochSecond(1_800_000_000L, i));
            }
            rows.add(row.toByteArray());
        }
        return rows;
    }

    private static byte[] products(List<byte[]> rows, boolean asBytes) {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        RawJson raw = new RawJson();
        try (JsonGenerator out =
                ReportWriter.JSON.writer().with(ReportWriter.ONE_PER_LINE).createGenerator(file)) {
            out.writeStartObject();
            out.writeStringProperty("before", "x");
            out.writeArrayPropertyStart("products");
            for (byte[] row : rows) {
                // Each row in the middle of a larger array, as a store's scratch buffer holds it.
                byte[] held = new byte[row.length + 20];
                System.arraycopy(row, 0, held, 13, row.length);
                if (asBytes) {
                    out.writeRawValue(raw.of(held, 13, row.length));
                } else {
                    out.writeRawValue(new String(row, StandardCharsets.UTF_8));
                }
            }
            out.writeEndArray();
            out.writeEndObject();
        }
        return file.toByteArray();
    }
}
