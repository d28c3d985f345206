package dev.pipeline.fetcher.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.pipeline.common.original.OriginalEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

/**
 * The original's endpoints as this fetcher's sources: read by the shared rules
 * ({@code dev.pipeline.common.original}, tested there), merged with a sources file, and turned into
 * {@code pipeline.sources[i].*} with the original's paging and items; a fault names the property.
 */
class SourceFilesTests {

    @TempDir
    Path dir;

    /** Template paging only when paged and the URL has somewhere to put the page: as the original. */
    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "http://api.test/items?page={page}|shop|1;    template",
                "http://api.test/items?skip={skip}|shop|TRUE; template",
                "http://api.test/items?page={page}|shop|0;    none",
                "http://api.test/items|shop|1;                none"
            })
    void thePagedFlagChoosesThePaging(String option, String kind) {
        assertThat(SourceFiles.asSourceProperties(OriginalEndpoint.fromUrlOption(option)))
                .containsEntry("pagination.kind", kind);
    }

    /** The original took a page without items (httpbin's echo) as a page of none, not as a fault. */
    @Test
    void itsPagesNeedNotHoldAnItemArray() {
        assertThat(SourceFiles.asSourceProperties(OriginalEndpoint.fromUrlOption("http://api.test/delay/1|httpbin|0")))
                .containsEntry("items[0]", "")
                .containsEntry("items[1]", "/data")
                .containsEntry("items[2]", "/products")
                .containsEntry("items-required", "false");
    }

    @Test
    void urlsBecomeSourcesNamedAsTheCliNamesThem() {
        MockEnvironment environment = postProcess(new MockEnvironment()
                .withProperty(
                        "pipeline.urls",
                        "http://api.test/a|__My Shop__|1, http://api.test/b, http://api.test/a|again|0"));

        assertThat(environment.getProperty("pipeline.sources[0].name")).isEqualTo("my-shop");
        assertThat(environment.getProperty("pipeline.sources[1].name")).isEqualTo("source-2");
        assertThat(environment.getProperty("pipeline.sources[2].name")).isNull();
    }

    @Test
    void anArgsFileEntryAfterASourcesFilesSourcesIsNumberedAfterThemAndItsHeadersKept() throws IOException {
        Path sources = Files.writeString(dir.resolve("sources.json"), """
                [{"name": "catalog", "url": "http://api.test/products"}]""");
        Path args = Files.writeString(dir.resolve("args.json"), """
                [{"url": "http://api.test/products", "name": "dup"},
                 {"url": "http://api.test/users?page={page}", "paged": 1, "headers": {"x-api-key": "k"}}]""");

        MockEnvironment environment = postProcess(new MockEnvironment()
                .withProperty("pipeline.sources-file", sources.toString())
                .withProperty("pipeline.args-file", args.toString()));

        assertThat(Map.of(
                        "name",
                        environment.getProperty("pipeline.sources[1].name"),
                        "url",
                        environment.getProperty("pipeline.sources[1].url"),
                        "pagination",
                        environment.getProperty("pipeline.sources[1].pagination.kind"),
                        "header",
                        environment.getProperty("pipeline.sources[1].headers[x-api-key]")))
                .isEqualTo(Map.of(
                        "name",
                        "source-2",
                        "url",
                        "http://api.test/users?page={page}",
                        "pagination",
                        "template",
                        "header",
                        "k"));
        assertThat(environment.getProperty("pipeline.sources[2].name")).isNull();
    }

    /** This project's sources file carries a source's quality gates; they bind as YAML's do. */
    @Test
    void aSourcesFileCarriesItsSourcesQualityGates() throws IOException {
        Path sources = Files.writeString(dir.resolve("sources.json"), """
                [{"name": "catalog", "url": "http://api.test/products",
                  "expect": {"min-items": 100, "max-invalid-ratio": 0.05, "max-drop-vs-last-run": 0.5}}]""");

        MockEnvironment environment =
                postProcess(new MockEnvironment().withProperty("pipeline.sources-file", sources.toString()));
        SourcesProperties bound = org.springframework.boot.context.properties.bind.Binder.get(environment)
                .bind("pipeline", SourcesProperties.class)
                .get();

        assertThat(bound.sources().getFirst().expectations())
                .isEqualTo(new dev.pipeline.common.SourceExpectations(100L, 0.05, 0.5));
    }

    /** ... and its {@code incremental:}, as YAML's does. */
    @Test
    void aSourcesFileCarriesItsSourcesIncrementalSettings() throws IOException {
        Path sources = Files.writeString(dir.resolve("sources.json"), """
                [{"name": "catalog", "url": "http://api.test/products",
                  "incremental": {"cursor-field": "/updatedAt", "parameter": "updated_after", "lookback": "PT1H",
                                  "start": "2026-01-01T00:00:00Z"}}]""");

        MockEnvironment environment =
                postProcess(new MockEnvironment().withProperty("pipeline.sources-file", sources.toString()));
        SourcesProperties bound = org.springframework.boot.context.properties.bind.Binder.get(environment)
                .bind("pipeline", SourcesProperties.class)
                .get();

        assertThat(bound.sources().getFirst().incremental())
                .isEqualTo(new Incremental(
                        "/updatedAt", "updated_after", "2026-01-01T00:00:00Z", "PT1H", null, null, null));
    }

    /** ... and a request body with its numbers, booleans and lists as JSON has them, and a GraphQL query. */
    @Test
    void aSourcesFileCarriesRequestBodiesAsJson() throws IOException {
        Path sources = Files.writeString(dir.resolve("sources.json"), """
                [{"name": "search", "url": "http://api.test/search", "method": "POST",
                  "body": {"query": "shoes", "limit": 25, "exact": false, "tags": ["a", "b"], "range": {"min": 1.5}},
                  "pagination": {"kind": "cursor", "cursor": "/next", "body-field": "/cursor"}},
                 {"name": "shop", "url": "http://api.test/graphql",
                  "graphql": {"query": "{ products { edges { node { id } } } }", "variables": {"first": 30},
                              "items": "/products/edges"}}]""");

        MockEnvironment environment =
                postProcess(new MockEnvironment().withProperty("pipeline.sources-file", sources.toString()));
        SourcesProperties bound = org.springframework.boot.context.properties.bind.Binder.get(environment)
                .bind("pipeline", SourcesProperties.class)
                .get();

        SourceDefinition search = bound.sources().getFirst();
        assertThat(BodyTemplate.json(search.body()).toString())
                .isEqualTo("{\"query\":\"shoes\",\"limit\":25,\"exact\":false,\"tags\":[\"a\",\"b\"],"
                        + "\"range\":{\"min\":1.5}}");
        assertThat(search.pagination().bodyField()).isEqualTo("/cursor");
        SourceDefinition shop = bound.sources().get(1);
        assertThat(shop.method()).isEqualTo(SourceDefinition.Method.POST);
        assertThat(BodyTemplate.json(shop.body()).toString())
                .isEqualTo("{\"query\":\"{ products { edges { node { id } } } }\",\"variables\":{\"first\":30}}");
        assertThat(shop.isGraphqlAlone()).isTrue();
    }

    @Test
    void aUrlOptionThatCannotBeUsedIsNamedByItsProperty() {
        assertThatIllegalStateException()
                .isThrownBy(() -> postProcess(
                        new MockEnvironment().withProperty("pipeline.urls", "http://api.test/a|a|0,api.test/b|b|1")))
                .withMessage("pipeline.urls[1] 'api.test/b|b|1': 'api.test/b' is not an absolute http(s) URL");
    }

    @Test
    void anArgsFileEntryThatCannotBeUsedIsNamedByItsPropertyAndPlace() throws IOException {
        Path args = Files.writeString(dir.resolve("args.json"), "[{\"url\": \"http://a.test\"}, {\"name\": \"b\"}]");

        assertThatIllegalStateException()
                .isThrownBy(
                        () -> postProcess(new MockEnvironment().withProperty("pipeline.args-file", args.toString())))
                .withMessage("pipeline.args-file " + args + ", entry 2 has no \"url\"");
    }

    @Test
    void twoSourcesThatWouldHaveOneNameAreRefusedNamingBoth() throws IOException {
        Path args = Files.writeString(dir.resolve("args.json"), "[{\"url\": \"http://a.test\", \"name\": \"Shop\"}]");

        assertThatIllegalStateException()
                .isThrownBy(() -> postProcess(new MockEnvironment()
                        .withProperty("pipeline.args-file", args.toString())
                        .withProperty("pipeline.urls", "http://b.test|shop")))
                .withMessage("two sources would be named 'shop' (pipeline.args-file " + args + ", entry 1 and "
                        + "pipeline.urls[0] 'http://b.test|shop'); give them different names");
    }

    private static MockEnvironment postProcess(MockEnvironment environment) {
        new SourceFiles().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }
}
