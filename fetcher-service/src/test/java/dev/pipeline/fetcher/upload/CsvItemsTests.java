package dev.pipeline.fetcher.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvItemsTests {

    @TempDir
    Path directory;

    @Test
    void theHeaderNamesTheFieldsAndEachRowIsAnItemWithANumericPrice() throws Exception {
        assertThat(items("id,title,price,category\n1,Lamp,12.50,home\n2,Mug,cheap,\n3,Pen,-1e2,office\n"))
                .containsExactly(
                        "1:{\"id\":\"1\",\"title\":\"Lamp\",\"price\":12.5,\"category\":\"home\"}",
                        "2:{\"id\":\"2\",\"title\":\"Mug\",\"price\":\"cheap\"}",
                        "3:{\"id\":\"3\",\"title\":\"Pen\",\"price\":-100.0,\"category\":\"office\"}");
    }

    @Test
    void quotedFieldsHoldCommasDoubledQuotesAndLineBreaks() throws Exception {
        assertThat(items("\uFEFFid,title\r\n1,\"a, b\"\r\n2,\"say \"\"hi\"\"\"\r\n3,\"two\r\nlines\"\r\n4,\"\"\r\n"))
                .containsExactly(
                        "1:{\"id\":\"1\",\"title\":\"a, b\"}",
                        "2:{\"id\":\"2\",\"title\":\"say \\\"hi\\\"\"}",
                        "3:{\"id\":\"3\",\"title\":\"two\\r\\nlines\"}",
                        "4:{\"id\":\"4\"}");
    }

    @Test
    void blankLinesAreSkippedAndTheLastRowNeedsNoLineBreak() throws Exception {
        assertThat(items("id\n\n1\n\n2")).containsExactly("1:{\"id\":\"1\"}", "2:{\"id\":\"2\"}");
    }

    @Test
    void aRowWithTheWrongNumberOfFieldsIsAnInvalidItemAndTheRestAreKept() throws Exception {
        assertThat(items("id,title\n1,a\n2\n3,c,extra\n4,d\n"))
                .containsExactly(
                        "1:{\"id\":\"1\",\"title\":\"a\"}",
                        "2:invalid:row 2 has 1 fields where the header has 2",
                        "3:invalid:row 3 has 3 fields where the header has 2",
                        "4:{\"id\":\"4\",\"title\":\"d\"}");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''|empty file: a CSV upload starts with a header row",
                "' , '|line 1: the header row names no field",
                "'id,title\n1,\"open'|line 2: a quoted field is never closed",
                "'id,title\n1,\"a\"b\n'|line 2: 'b' after a closing quote"
            })
    void aFileThatDoesNotParseIsMalformedBeforeAnyItemIsRead(String csv, String message) throws Exception {
        List<String> seen = new ArrayList<>();
        assertThatThrownBy(() -> JsonItemsTests.read(
                        UploadFormat.CSV, file(csv.getBytes(StandardCharsets.UTF_8)), JsonItemsTests.visitor(seen)))
                .isInstanceOf(MalformedFileException.class)
                .hasMessageStartingWith(message);
        assertThat(seen).isEmpty();
    }

    @Test
    void textThatIsNotUtf8IsMalformed() throws Exception {
        Path file = file(new byte[] {'i', 'd', '\n', (byte) 0xFF, '\n'});
        assertThatThrownBy(() -> JsonItemsTests.read(UploadFormat.CSV, file, JsonItemsTests.visitor(new ArrayList<>())))
                .isInstanceOf(MalformedFileException.class)
                .hasMessage("not UTF-8 text");
    }

    @Test
    void aRowBeyondTheLimitsIsAnInvalidItemAndTheRestAreKept() throws Exception {
        CsvLimits limits = new CsvLimits(3, 4);
        Path file = file(
                "a,b,c\n1,2,3\n1,2,3,4,5,6\n12345,x,y\nx,\"y,\"\"zzzz\",z\n4,5,6\n".getBytes(StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();

        JsonItemsTests.read(UploadFormat.CSV, file, limits, JsonItemsTests.visitor(seen));

        assertThat(seen)
                .containsExactly(
                        "1:{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"}",
                        "2:invalid:row 2 has more than 3 fields",
                        "3:invalid:row 3: field 1 is longer than 4 characters",
                        "4:invalid:row 4: field 2 is longer than 4 characters",
                        "5:{\"a\":\"4\",\"b\":\"5\",\"c\":\"6\"}");
        assertThat(UploadFormat.CSV.scan(file, limits)).isEqualTo(FileScan.of(5, null));
    }

    @Test
    void aHeaderBeyondTheLimitsMakesTheFileMalformed() throws Exception {
        assertThat(UploadFormat.CSV.scan(
                        file("a,b,c,d\n1,2,3,4\n".getBytes(StandardCharsets.UTF_8)), new CsvLimits(3, 10)))
                .isEqualTo(FileScan.malformed("line 1: the header row has more than 3 fields"));
        assertThat(UploadFormat.CSV.scan(file("a,bbbbb\n1,2\n".getBytes(StandardCharsets.UTF_8)), new CsvLimits(3, 4)))
                .isEqualTo(FileScan.malformed("line 1: the header's field 2 is longer than 4 characters"));
    }

    private List<String> items(String csv) throws Exception {
        List<String> seen = new ArrayList<>();
        JsonItemsTests.read(UploadFormat.CSV, file(csv.getBytes(StandardCharsets.UTF_8)), JsonItemsTests.visitor(seen));
        return seen;
    }

    private Path file(byte[] content) throws Exception {
        return Files.write(directory.resolve("upload.csv"), content);
    }
}
