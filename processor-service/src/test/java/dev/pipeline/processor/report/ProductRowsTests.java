package dev.pipeline.processor.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rows come back as they went in, in order, the long ones too; a pass that did not end leaves none to use. */
class ProductRowsTests {

    @Test
    void rowsComeBackInOrder() throws IOException {
        Path file = Files.createTempDirectory("rows").resolve(".run.rows");
        List<String> written = new ArrayList<>();
        try (ProductRows rows = new ProductRows(file)) {
            for (int i = 0; i < 1000; i++) {
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
            rows.complete(1000);
            List<String> read = new ArrayList<>();
            assertThat(rows.isComplete()).isTrue();
            assertThat(rows.forEach((bytes, length) -> read.add(new String(bytes, 0, length, StandardCharsets.UTF_8))))
                    .isEqualTo(1000);
            assertThat(read).containsExactlyElementsOf(written);
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void rowsOfAPassThatCountedOtherwiseAreNotUsed() throws IOException {
        Path file = Files.createTempDirectory("rows").resolve(".run.rows");
        try (ProductRows rows = new ProductRows(file)) {
            rows.add(ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8)), 0);
            assertThat(rows.isComplete()).isFalse();
            rows.complete(2);
            assertThat(rows.isComplete()).isFalse();
        }
    }
}
