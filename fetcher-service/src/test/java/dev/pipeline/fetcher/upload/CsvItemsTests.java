package dev.pipeline.fetcher.upload;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        assertThat(items("id,title\n1,a\n2\n3,c,extra\n4,d\n")).containsExactly(
                "1:{\"id\":\"1\",\"title\":\"a\"}",
                "2:invalid:row 2 has 1 fields where the header has 2",
                "3:invalid:row 3 has 3 fields where the header has 2",
                "4:{\"id\":\"4\",\"title\":\"d\"}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|empty file: a CSV upload starts with a header row",
            "' , '|line 1: the header row names no field",
            "'id,title\n1,\"open'|line 2: a quoted field is never closed",
            "'id,title\n1,\"a\"b\n'|line 2: 'b' after a closing quote"})
    void aFileThatDoesNotParseIsMalformedBeforeAnyItemIsRead(String csv, String message) throws Exception {
        List<String> seen = new ArrayList<>();
        assertThatThrownBy(() -> UploadFormat.CSV.read(file(csv.getBytes(StandardCharsets.UTF_8)),
                JsonItemsTests.visitor(seen))).isInstanceOf(MalformedFileException.class).hasMessageStartingWith(message);
        assertThat(seen).isEmpty();
    }

    @Test
    void textThatIsNotUtf8IsMalformed() throws Exception {
        Path file = file(new byte[]{'i', 'd', '\n', (byte) 0xFF, '\n'});
        assertThatThrownBy(() -> UploadFormat.CSV.read(file, JsonItemsTests.visitor(new ArrayList<>())))
                .isInstanceOf(MalformedFileException.class).hasMessage("not UTF-8 text");
    }

    private List<String> items(String csv) throws Exception {
        List<String> seen = new ArrayList<>();
        UploadFormat.CSV.read(file(csv.getBytes(StandardCharsets.UTF_8)), JsonItemsTests.visitor(seen));
        return seen;
    }

    private Path file(byte[] content) throws Exception {
        return Files.write(directory.resolve("upload.csv"), content);
    }
}
