package dev.pipeline.cli.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RunSourcesTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PAGED_FORMS = "must be true/false, yes/no, on/off or an integer (0 is false)";

    @TempDir
    Path dir;

    @Nested
    class Merging {

        @Test
        void nothingNamedLeavesTheFetchersDefaults() {
            RunSources sources = RunSources.from(null, null, null);

            assertThat(sources.isEmpty()).isTrue();
            assertThat(sources.argsFile()).isEmpty();
            assertThat(sources.fetcherArgs()).isEmpty();
        }

        @Test
        void urlsBecomeAnArgsFileWithTheSourceNamesTheFetcherWillUse() {
            RunSources sources = RunSources.from(
                    List.of(
                            "http://api.test/items?page={page}&tag=a,b|My API!|true",
                            "https://api.test/users",
                            "http://api.test/posts||FALSE"),
                    null,
                    null);

            assertThat(sources.names()).containsExactly("my-api", "source-2", "source-3");
            assertThat(argsFile(sources)).isEqualTo(JSON.readTree("""
                    [{"url":"http://api.test/items?page={page}&tag=a,b","name":"my-api","paged":true},
                     {"url":"https://api.test/users","name":"source-2","paged":false},
                     {"url":"http://api.test/posts","name":"source-3","paged":false}]"""));
            assertThat(sources.fetcherArgs()).isEmpty();
        }

        @Test
        void anEndpointInTheArgsFileAndAsAUrlIsFetchedOnceUnderTheFilesName() throws IOException {
            Path args = write("args.json", """
                    [{"url":"http://api.test/products?skip={skip}","name":"DummyJSON","paged":true,
                      "headers":{"x-api-key":"k"}},
                     {"url":"http://api.test/products?skip={skip}","name":"again","paged":true}]""");

            RunSources sources = RunSources.from(
                    List.of("http://api.test/products?skip={skip}|dummy|true", "http://api.test/posts|posts|false"),
                    args,
                    null);

            assertThat(sources.names()).containsExactly("dummyjson", "posts");
            assertThat(argsFile(sources)).isEqualTo(JSON.readTree("""
                    [{"url":"http://api.test/products?skip={skip}","name":"dummyjson","paged":true,"headers":{"x-api-key":"k"}},
                     {"url":"http://api.test/posts","name":"posts","paged":false}]"""));
        }

        @Test
        void aSourcesFileGoesToTheFetcherAsItIsAndItsUrlsWin() throws IOException {
            Path file = write("sources.json", """
                    {"sources":[{"name":"catalog","url":"http://api.test/products?skip={skip}","items":"/products"}]}""");

            RunSources sources = RunSources.from(
                    List.of("http://api.test/products?skip={skip}|dummy|true", "http://api.test/posts"), null, file);

            assertThat(sources.names()).containsExactly("catalog", "source-2");
            assertThat(sources.fetcherArgs()).containsExactly("--pipeline.sources-file=" + file.toAbsolutePath());
            assertThat(argsFile(sources)).isEqualTo(JSON.readTree("""
                    [{"url":"http://api.test/posts","name":"source-2","paged":false}]"""));
        }
    }

    @Nested
    class Refusing {

        @Test
        void aUrlThatIsNotAbsoluteHttp() {
            assertRefused(
                    List.of("api.test/items|x|true"),
                    null,
                    null,
                    "--url 'api.test/items|x|true': 'api.test/items' is not an absolute http(s) URL");
        }

        @Test
        void aPagedFlagTheOriginalWouldNotTake() {
            assertRefused(
                    List.of("http://api.test/items|x|maybe"),
                    null,
                    null,
                    "--url 'http://api.test/items|x|maybe': paged " + PAGED_FORMS + ", not 'maybe'");
        }

        @Test
        void anArgsFileEntryWithAPagedFlagTheOriginalWouldNotTake() throws IOException {
            Path file = write(
                    "args.json", "[{\"url\":\"http://a.test\",\"paged\":1},{\"url\":\"http://b.test\",\"paged\":1.5}]");
            assertRefused(
                    null, file, null, "--args-file " + file + ", entry 2: \"paged\" " + PAGED_FORMS + ", not 1.5");
        }

        @Test
        void twoEndpointsThatWouldHaveTheSameSourceName() {
            assertRefused(
                    List.of("http://a.test/x|Shop|false", "http://b.test/y|shop|false"),
                    null,
                    null,
                    "two sources would be named 'shop' (--url 'http://a.test/x|Shop|false' and "
                            + "--url 'http://b.test/y|shop|false'); give them different names");
        }

        @Test
        void aMissingFile() {
            Path missing = dir.resolve("nope.json");
            assertRefused(null, missing, null, "--args-file " + missing + ": no such file");
        }

        @Test
        void aDirectory() {
            assertRefused(null, dir, null, "--args-file " + dir + " is not a file");
        }

        @Test
        void aFileThatIsNotJson() throws IOException {
            Path file = write("args.json", "[{\"url\": ");
            assertThatExceptionOfType(InvalidSources.class)
                    .isThrownBy(() -> RunSources.from(null, file, null))
                    .withMessageStartingWith("--args-file " + file + " is not valid JSON: ");
        }

        @Test
        void anEmptyFile() throws IOException {
            Path file = write("args.json", "");
            assertRefused(null, file, null, "--args-file " + file + " is empty");
        }

        @Test
        void anArgsFileThatIsNotAnArray() throws IOException {
            Path file = write("args.json", "{\"url\":\"http://a.test\"}");
            assertRefused(
                    null,
                    file,
                    null,
                    "--args-file " + file + " is not a JSON array of {\"url\", \"name\", \"paged\", \"headers\"}");
        }

        @Test
        void anArgsFileEntryWithoutAUrl() throws IOException {
            Path file = write("args.json", "[{\"url\":\"http://a.test\"},{\"name\":\"x\"}]");
            assertRefused(null, file, null, "--args-file " + file + ", entry 2 has no \"url\"");
        }

        @Test
        void anArgsFileEntryWithHeadersThatAreNotAnObject() throws IOException {
            Path file = write("args.json", "[{\"url\":\"http://a.test\",\"headers\":[\"x-api-key: k\"]}]");
            assertRefused(
                    null,
                    file,
                    null,
                    "--args-file " + file + ", entry 1: \"headers\" must be an object of header names to values");
        }

        @Test
        void aSourcesFileOfTheWrongShape() throws IOException {
            Path file = write("sources.json", "{\"source\":[]}");
            assertRefused(
                    null,
                    null,
                    file,
                    "--sources " + file + " is neither a JSON array of sources nor {\"sources\": [...]}");
        }

        @Test
        void aSourcesFileWithANameTheFetcherWouldRefuse() throws IOException {
            Path file = write("sources.json", "[{\"name\":\"My API\",\"url\":\"http://a.test\"}]");
            assertRefused(
                    null,
                    null,
                    file,
                    "--sources " + file + ", source 1: \"name\" must be 1-63 lower-case "
                            + "letters, digits, '-' or '_', starting with a letter or digit, not 'My API'");
        }

        private void assertRefused(List<String> urls, Path argsFile, Path sourcesFile, String message) {
            assertThatExceptionOfType(InvalidSources.class)
                    .isThrownBy(() -> RunSources.from(urls, argsFile, sourcesFile))
                    .withMessage(message);
        }
    }

    /**
     * The original's paged flag: every form of it is read by the shared rule and tested there
     * ({@code common}'s {@code OriginalPagedTests}); here, that the fetcher gets a plain boolean.
     */
    @Nested
    class Paged {

        @ParameterizedTest
        @CsvSource(
                delimiter = ';',
                value = {
                    "1; true",
                    "0; false",
                    "\"yes\"; true",
                    "\"Off\"; false",
                    "2; true",
                    "\" 1 \"; true",
                    "null; false"
                })
        void theFetcherIsHandedAPlainBooleanWhateverFormTheUserWrote(String paged, boolean expected)
                throws IOException {
            Path file = write(
                    "args.json",
                    "[{\"url\":\"http://api.test/items?page={page}\",\"name\":\"shop\"," + "\"paged\":" + paged + "}]");

            JsonNode written = argsFile(RunSources.from(null, file, null)).at("/0/paged");

            assertThat(written.isBoolean()).isTrue();
            assertThat(written.booleanValue()).isEqualTo(expected);
        }

        @Test
        void leftOutOrNullItIsFalse() throws IOException {
            Path file =
                    write("args.json", "[{\"url\":\"http://a.test/x\"},{\"url\":\"http://a.test/y\",\"paged\":null}]");

            RunSources sources = RunSources.from(List.of("http://a.test/z|z", "http://a.test/w"), file, null);

            assertThat(argsFile(sources).findValues("paged"))
                    .extracting(JsonNode::booleanValue)
                    .containsExactly(false, false, false, false);
        }

        @Test
        void theOriginalsReadmeExampleIsTaken() {
            RunSources sources = RunSources.from(
                    List.of("https://jsonplaceholder.typicode.com/posts|jsonplaceholder|0"), null, null);

            assertThat(argsFile(sources)).isEqualTo(JSON.readTree("""
                    [{"url":"https://jsonplaceholder.typicode.com/posts","name":"jsonplaceholder","paged":false}]"""));
        }
    }

    /** The names the fetcher will use, by the shared rule ({@code common}'s {@code SourceNamesTests}). */
    @Nested
    class SourceNames {

        @Test
        void areTheOriginalsNamesMadeIntoTokens() {
            RunSources sources = RunSources.from(
                    List.of(
                            "http://a.test/1|Reqres Users (v2)",
                            "http://a.test/2|__x__",
                            "http://a.test/3|  ",
                            "http://a.test/4|" + "a".repeat(62) + " b"),
                    null,
                    null);

            assertThat(sources.names()).containsExactly("reqres-users-v2", "x", "source-3", "a".repeat(62));
        }
    }

    private JsonNode argsFile(RunSources sources) {
        return JSON.readTree(sources.argsFile().orElseThrow());
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
