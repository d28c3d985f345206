package dev.pipeline.common.original;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/** One of the original's endpoints, from {@code URL|name|paged} or an args file entry, and back. */
class OriginalEndpointTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aUrlOptionHasUpToThreePartsEachStripped() {
        assertThat(OriginalEndpoint.fromUrlOption(" http://api.test/items?page={page}&tag=a,b | My API! | true "))
                .isEqualTo(
                        new OriginalEndpoint("http://api.test/items?page={page}&tag=a,b", "My API!", true, Map.of()));
        assertThat(OriginalEndpoint.fromUrlOption("https://api.test/users"))
                .isEqualTo(new OriginalEndpoint("https://api.test/users", "", false, Map.of()));
        assertThat(OriginalEndpoint.fromUrlOption("http://api.test/posts||FALSE"))
                .isEqualTo(new OriginalEndpoint("http://api.test/posts", "", false, Map.of()));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "api.test/items|x|true;       --url 'api.test/items|x|true': 'api.test/items' is not an absolute http(s) URL",
                "ftp://api.test/items;        --url 'ftp://api.test/items': 'ftp://api.test/items' is not an absolute http(s) URL",
                "http://a.test/x|a|1|extra;   --url 'http://a.test/x|a|1|extra' has more than three '|'-separated parts (URL|name|paged)",
                "http://a.test/x|a|maybe;     --url 'http://a.test/x|a|maybe': paged must be true/false, yes/no, on/off or an integer (0 is false), not 'maybe'"
            })
    void aUrlOptionThatCannotBeUsedIsRefusedSayingWhy(String option, String message) {
        assertThatExceptionOfType(InvalidSourceInput.class)
                .isThrownBy(() -> OriginalEndpoint.fromUrlOption(option))
                .satisfies(e -> assertThat(e.in("--url '" + option + "'")).isEqualTo(message))
                .satisfies(e -> assertThat(e.entry()).isEqualTo(-1));
    }

    @Test
    void anArgsEntryTakesTheOriginalsFourKeys() {
        assertThat(OriginalEndpoint.fromArgsEntry(JSON.readTree("""
                {"url": " http://api.test/products?skip={skip} ", "name": " DummyJSON ", "paged": 1,
                 "headers": {"x-api-key": "k", "x-version": 2}}""")))
                .isEqualTo(new OriginalEndpoint(
                        "http://api.test/products?skip={skip}",
                        "DummyJSON",
                        true,
                        Map.of("x-api-key", "k", "x-version", "2")));
        assertThat(OriginalEndpoint.fromArgsEntry(JSON.readTree("{\"url\": \"http://a.test\", \"name\": null}")))
                .isEqualTo(new OriginalEndpoint("http://a.test", "", false, Map.of()));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "[\"http://a.test\"];                          entry is not an object {\"url\", \"name\", \"paged\", \"headers\"}",
                "{\"name\": \"x\"};                            entry has no \"url\"",
                "{\"url\": \"  \"};                            entry has no \"url\"",
                "{\"url\": 5};                                 entry has no \"url\"",
                "{\"url\": \"a.test/x\"};                      entry: \"url\" 'a.test/x' is not an absolute http(s) URL",
                "{\"url\": \"http://a.test\", \"name\": 5};    entry: \"name\" must be a string",
                "{\"url\": \"http://a.test\", \"paged\": 0.5}; entry: \"paged\" must be true/false, yes/no, on/off or an integer (0 is false), not 0.5",
                "{\"url\": \"http://a.test\", \"headers\": [\"x-api-key: k\"]}; entry: \"headers\" must be an object of header names to values",
                "{\"url\": \"http://a.test\", \"headers\": {\"x\": {}}};       entry: header \"x\" must have a text value",
                "{\"url\": \"http://a.test\", \"headers\": {\"x\": null}};     entry: header \"x\" must have a text value"
            })
    void anArgsEntryThatCannotBeUsedIsRefusedSayingWhy(String entry, String message) {
        assertThatExceptionOfType(InvalidSourceInput.class)
                .isThrownBy(() -> OriginalEndpoint.fromArgsEntry(JSON.readTree(entry)))
                .satisfies(e -> assertThat(e.in("entry")).isEqualTo(message));
    }

    @Test
    void itIsWrittenBackAsAnArgsEntryWithPagedABoolean() {
        OriginalEndpoint endpoint = OriginalEndpoint.fromArgsEntry(JSON.readTree("""
                {"url": "http://a.test/x?page={page}", "name": "Shop", "paged": "yes", "headers": {"x-api-key": "k"}}"""));

        assertThat(endpoint.named("shop").toArgsEntry()).isEqualTo(JSON.readTree("""
                {"url": "http://a.test/x?page={page}", "name": "shop", "paged": true, "headers": {"x-api-key": "k"}}"""));
        assertThat(OriginalEndpoint.fromUrlOption("http://a.test/y|y|0").toArgsEntry())
                .isEqualTo(JSON.readTree("{\"url\": \"http://a.test/y\", \"name\": \"y\", \"paged\": false}"));
    }
}
