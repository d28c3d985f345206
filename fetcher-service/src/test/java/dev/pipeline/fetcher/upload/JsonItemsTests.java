package dev.pipeline.fetcher.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class JsonItemsTests {

    @TempDir
    Path directory;

    @Test
    void aTopLevelArrayHoldsTheItems() throws Exception {
        assertThat(items("[{\"id\": 1}, 2, null, {\"id\": 3}]"))
                .containsExactly("1:{\"id\":1}", "2:2", "3:null", "4:{\"id\":3}");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"total\": 2, \"items\": [{\"id\": 1}]}",
                "{\"data\": [{\"id\": 1}], \"page\": {\"items\": [{\"id\": 9}]}}",
                "{\"products\": [{\"id\": 1}], \"meta\": {}}",
                // items wins over products, wherever it is in the object
                "{\"products\": [{\"id\": 7}], \"items\": [{\"id\": 1}]}",
                // a property of the wanted name that is not an array does not count
                "{\"items\": {\"id\": 5}, \"data\": [{\"id\": 1}]}"
            })
    void anObjectHoldsThemInItemsDataOrProductsInThatOrder(String json) throws Exception {
        assertThat(items(json)).containsExactly("1:{\"id\":1}");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''|empty file",
                "{\"total\": 3}|no items: expected a JSON array of items, or an object with an array in items, data, products",
                "42|no items: expected a JSON array of items, or an object with an array in items, data, products",
                "[1] [2]|not JSON: more content after the top-level value at line 1, column 6",
                "[{\"id\": 1}, {\"id\": |not JSON: Unexpected end-of-input",
                "{\"items\": [1,]}|not JSON: Unexpected character (']'"
            })
    void aFileThatIsNotAJsonArrayOfItemsIsMalformedBeforeAnyItemIsRead(String json, String message) throws Exception {
        List<String> seen = new ArrayList<>();
        assertThatThrownBy(() -> read(UploadFormat.JSON, file(json), visitor(seen)))
                .isInstanceOf(MalformedFileException.class)
                .hasMessageStartingWith(message);
        assertThat(seen).isEmpty();
    }

    @Test
    void invalidUtf8IsMalformed() throws Exception {
        Path file = directory.resolve("bad.json");
        Files.write(file, new byte[] {'[', '"', (byte) 0xC3, (byte) 0x28, '"', ']'});
        assertThatThrownBy(() -> read(UploadFormat.JSON, file, visitor(new ArrayList<>())))
                .isInstanceOf(MalformedFileException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void theFirstReadCountsTheItemsOfTheArrayThatHoldsThem() throws Exception {
        assertThat(UploadFormat.JSON.scan(file("[1, {\"a\": [1, 2]}, [3, 4], null]"), DEFAULTS))
                .isEqualTo(FileScan.of(4, null));
        assertThat(UploadFormat.JSON.scan(file("{\"products\": [1, 2, 3], \"data\": [1, 2], \"items\": {}}"), DEFAULTS))
                .isEqualTo(FileScan.of(2, "data"));
    }

    /** {@code pipeline.upload}'s defaults. */
    static final CsvLimits DEFAULTS = new CsvLimits(1_000, 100_000);

    /** Both reads, as an upload's are: the first (before the run) must find the file well-formed. */
    static void read(UploadFormat format, Path file, ItemVisitor visitor) throws Exception {
        read(format, file, DEFAULTS, visitor);
    }

    static void read(UploadFormat format, Path file, CsvLimits limits, ItemVisitor visitor) throws Exception {
        FileScan scan = format.scan(file, limits);
        if (scan.isMalformed()) {
            throw new MalformedFileException(scan.malformed());
        }
        format.read(file, scan, limits, visitor);
    }

    private List<String> items(String json) throws Exception {
        List<String> seen = new ArrayList<>();
        read(UploadFormat.JSON, file(json), visitor(seen));
        return seen;
    }

    private Path file(String content) throws Exception {
        return Files.writeString(directory.resolve("upload.json"), content);
    }

    static ItemVisitor visitor(List<String> seen) {
        return new ItemVisitor() {
            @Override
            public void item(long position, JsonNode item) {
                seen.add(position + ":" + item);
            }

            @Override
            public void invalid(long position, String reason) {
                seen.add(position + ":invalid:" + reason);
            }
        };
    }
}
