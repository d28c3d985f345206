package dev.pipeline.fetcher.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.fetcher.source.Pagination;
import dev.pipeline.fetcher.source.SourceDefinition;
import dev.pipeline.fetcher.source.Sources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a page's items are. Explicit pointers are strict, so a wrong one is an error in the report;
 * the original's endpoints take a page without an item array as a page of none, as it did.
 */
class PageItemsTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** httpbin's {@code /delay/N} echo, in its shape: data is a string, nothing is an array. */
    private static final String ECHO = """
            {"args": {}, "data": "", "files": {}, "form": {}, "headers": {"Host": "api.test"},
             "origin": "192.0.2.7", "url": "http://api.test/delay/1"}""";

    private static SourceDefinition source(boolean itemsRequired, String... items) {
        return Sources.named("s", "http://api.test/items")
                .items(items)
                .itemsRequired(itemsRequired)
                .build();
    }

    private static PageItems of(SourceDefinition source, String body) {
        return PageItems.of(source, JSON.readTree(body));
    }

    @Test
    void theFirstPointerThatIsAnArrayWins() {
        PageItems items = of(source(true, "/items", "/data"), "{\"items\": {}, \"data\": [{\"id\": 1}]}");

        assertThat(items).isEqualTo(new PageItems.Found(JSON.readTree("[{\"id\": 1}]")));
    }

    @Test
    void theOriginalsEndpointsTakeAnEchoAsAPageWithoutItems() {
        PageItems items = of(source(false, "", "/data", "/products"), ECHO);

        assertThat(items).isEqualTo(new PageItems.Found(JSON.readTree("[]")));
    }

    @Test
    void anExplicitPointerThatFindsNoArrayIsMalformedAndSaysWhatItFound() {
        PageItems items = of(source(true, "/items"), ECHO);

        assertThat(items)
                .isEqualTo(new PageItems.Malformed("no item array at /items (found: nothing at /items; "
                        + "the page has args: an object, data: a string, files: an object, form: an object, "
                        + "headers: an object and 2 more)"));
    }

    @Test
    void everyPointerIsNamedWithWhatItHolds() {
        PageItems items = of(
                source(true, "", "/data", "/meta/items"),
                "{\"data\": null, \"meta\": {\"items\": 3}, \"results\": [{\"id\": 1, \"secret\": \"s3cr3t\"}]}");

        assertThat(items)
                .isEqualTo(new PageItems.Malformed("no item array at the root, /data, /meta/items "
                        + "(found: an object at the root, null at /data, a number at /meta/items; "
                        + "the page has data: null, meta: an object, results: an array)"));
    }

    @Test
    void aPointerIntoARootArrayFindsNothing() {
        PageItems items = of(source(true, "/items"), "[{\"id\": 1}]");

        assertThat(items)
                .isEqualTo(new PageItems.Malformed(
                        "no item array at /items (found: nothing at /items; the page is an array)"));
    }

    @Test
    void anEmptyObjectIsMalformedWhenItemsAreRequired() {
        assertThat(of(source(true, "/items"), "{}"))
                .isEqualTo(new PageItems.Malformed(
                        "no item array at /items (found: nothing at /items; the page is an empty object)"));
        assertThat(of(source(false, "/items"), "{}")).isEqualTo(new PageItems.Found(JSON.readTree("[]")));
    }

    @Test
    void aLongFieldNameIsShortened() {
        String name = "x".repeat(100);
        PageItems items = of(source(true, "/items"), "{\"" + name + "\": 1}");

        assertThat(items)
                .isEqualTo(new PageItems.Malformed("no item array at /items (found: nothing at /items; "
                        + "the page has " + "x".repeat(40) + "…: a number)"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aBodyThatIsNotAnObjectOrArrayIsMalformedEitherWay(boolean itemsRequired) {
        assertThat(of(source(itemsRequired, "", "/data"), "42"))
                .isEqualTo(new PageItems.Malformed(
                        "no item array at the root, /data (the page is a number, not an object or array)"));
        assertThat(of(source(itemsRequired, "/items"), "\"hello\""))
                .isEqualTo(new PageItems.Malformed(
                        "no item array at /items (the page is a string, not an object or array)"));
    }

    @Test
    void aSourceRequiresItsItemsUnlessItSaysOtherwise() {
        JsonNode body = JSON.readTree(ECHO);

        assertThat(PageItems.of(SourceDefinition.of("s", "http://api.test/x", "/items", Pagination.NONE), body))
                .isInstanceOf(PageItems.Malformed.class);
    }
}
