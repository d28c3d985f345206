package dev.pipeline.common.original;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The original's args.json read from disk: its endpoints in order, or one message naming the file and the entry. */
class OriginalArgsFileTests {

    @TempDir
    Path dir;

    @Test
    void theOriginalsFileIsReadUnchanged() throws IOException {
        Path file = write("""
                [
                  {"url": "https://dummyjson.com/products?limit=50&skip={skip}", "name": "DummyJSON", "paged": true},
                  {"url": "https://reqres.in/api/users?page={page}", "name": "Reqres", "paged": true,
                   "headers": {"x-api-key": "reqres-free-v1"}},
                  {"url": "https://jsonplaceholder.typicode.com/posts", "name": "JSONPlaceholder", "paged": false}
                ]""");

        assertThat(OriginalArgsFile.read(file))
                .containsExactly(
                        new OriginalEndpoint(
                                "https://dummyjson.com/products?limit=50&skip={skip}", "DummyJSON", true, Map.of()),
                        new OriginalEndpoint(
                                "https://reqres.in/api/users?page={page}",
                                "Reqres",
                                true,
                                Map.of("x-api-key", "reqres-free-v1")),
                        new OriginalEndpoint(
                                "https://jsonplaceholder.typicode.com/posts", "JSONPlaceholder", false, Map.of()));
    }

    @Test
    void aFaultyEntryIsNamedByItsPlaceCountingFromOne() throws IOException {
        Path file = write("[{\"url\":\"http://a.test\"},{\"name\":\"x\"}]");

        assertThat(refusal(file)).isEqualTo("--args-file a.json, entry 2 has no \"url\"");
        assertThatExceptionOfType(InvalidSourceInput.class)
                .isThrownBy(() -> OriginalArgsFile.read(file))
                .satisfies(e -> assertThat(e.entry()).isEqualTo(1));
    }

    @Test
    void aFileThatIsNotAnArray() throws IOException {
        assertThat(refusal(write("{\"url\":\"http://a.test\"}")))
                .isEqualTo("--args-file a.json is not a JSON array of {\"url\", \"name\", \"paged\", \"headers\"}");
    }

    @Test
    void anEmptyArray() throws IOException {
        assertThat(refusal(write("[]"))).isEqualTo("--args-file a.json names no endpoint (an empty array)");
    }

    @Test
    void aMissingFileADirectoryAnEmptyFileAndNotJson() throws IOException {
        assertThat(refusal(dir.resolve("nope.json"))).isEqualTo("--args-file a.json: no such file");
        assertThat(refusal(dir)).isEqualTo("--args-file a.json is not a file");
        assertThat(refusal(write(""))).isEqualTo("--args-file a.json is empty");
        assertThat(refusal(write("[{\"url\": "))).startsWith("--args-file a.json is not valid JSON: ");
    }

    private static String refusal(Path file) {
        try {
            OriginalArgsFile.read(file);
        } catch (InvalidSourceInput e) {
            return e.in("--args-file a.json");
        }
        throw new AssertionError("read: " + file);
    }

    private Path write(String content) throws IOException {
        return Files.writeString(dir.resolve("args.json"), content);
    }
}
