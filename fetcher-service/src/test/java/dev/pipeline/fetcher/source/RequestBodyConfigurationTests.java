package dev.pipeline.fetcher.source;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipeline.fetcher.FetcherApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** A wrong request body, body paging or GraphQL configuration stops the startup naming the field. */
class RequestBodyConfigurationTests {

    private static void start(String... properties) {
        String[] args = java.util.Arrays.stream(properties).map(p -> "--" + p).toArray(String[]::new);
        new SpringApplicationBuilder(FetcherApplication.class)
                .properties("spring.kafka.bootstrap-servers=127.0.0.1:1", "server.port=0", "logging.level.root=OFF")
                .run(args)
                .close();
    }

    @Test
    void aBodyOnAGetIsNamed() {
        assertThatThrownBy(() -> start(
                        "pipeline.sources[0].name=shop",
                        "pipeline.sources[0].url=http://h/search",
                        "pipeline.sources[0].body.query=shoes"))
                .hasStackTraceContaining("pipeline.sources[0].bodyPosted")
                .hasStackTraceContaining("body needs method: POST");
    }

    @Test
    void aBodyJsonThatIsNoJsonObjectIsNamed() {
        assertThatThrownBy(() -> start(
                        "pipeline.sources[0].name=shop",
                        "pipeline.sources[0].url=http://h/search",
                        "pipeline.sources[0].method=POST",
                        "pipeline.sources[0].body-json=[1, 2]",
                        "pipeline.sources[1].name=graph",
                        "pipeline.sources[1].url=http://h/graphql",
                        "pipeline.sources[1].graphql.query={ a }",
                        "pipeline.sources[1].graphql.items=/a",
                        "pipeline.sources[1].graphql.variables-json={\"first\": "))
                .hasStackTraceContaining("pipeline.sources[0].bodyJsonAnObject")
                .hasStackTraceContaining("body-json must be a JSON object")
                .hasStackTraceContaining("pipeline.sources[1].graphql.variablesJsonAnObject")
                .hasStackTraceContaining("graphql.variables-json must be a JSON object");
    }

    @Test
    void aBodyGivenTwiceIsNamed() {
        assertThatThrownBy(() -> start(
                        "pipeline.sources[0].name=shop",
                        "pipeline.sources[0].url=http://h/search",
                        "pipeline.sources[0].method=POST",
                        "pipeline.sources[0].body.query=shoes",
                        "pipeline.sources[0].body-json={\"query\": \"boots\"}"))
                .hasStackTraceContaining("pipeline.sources[0].bodyGivenOnce")
                .hasStackTraceContaining("give the body once");
    }

    @Test
    void aYamlBodyKeyTheBindingWouldChangeStopsTheStartupNamingIt() {
        assertThatThrownBy(() -> start(
                        "pipeline.sources[0].name=shop",
                        "pipeline.sources[0].url=http://h/search",
                        "pipeline.sources[0].method=POST",
                        "pipeline.sources[0].body.query.$gt=3"))
                .hasStackTraceContaining(
                        "pipeline.sources[0].body.query.$gt: Spring's binding would send this key" + " changed")
                .hasStackTraceContaining("pipeline.sources[0].body-json");
    }

    @Test
    void aBackfillEndOfAPostOrGraphqlSourceIsNamed() {
        assertThatThrownBy(() -> start(
                        "pipeline.sources[0].name=shop",
                        "pipeline.sources[0].url=http://h/search",
                        "pipeline.sources[0].method=POST",
                        "pipeline.sources[0].body.since={cursor}",
                        "pipeline.sources[0].incremental.cursor-field=/updatedAt",
                        "pipeline.sources[0].incremental.start=2026-01-01T00:00:00Z",
                        "pipeline.sources[0].incremental.end=2026-02-01T00:00:00Z",
                        "pipeline.sources[0].incremental.end-parameter=until",
                        "pipeline.sources[0].incremental.step=P1D",
                        "pipeline.sources[1].name=graph",
                        "pipeline.sources[1].url=http://h/graphql",
                        "pipeline.sources[1].graphql.query={ a }",
                        "pipeline.sources[1].graphql.items=/a",
                        "pipeline.sources[1].graphql.variables.since={cursor}",
                        "pipeline.sources[1].incremental.cursor-field=/updatedAt",
                        "pipeline.sources[1].incremental.start=2026-01-01T00:00:00Z",
                        "pipeline.sources[1].incremental.end=2026-02-01T00:00:00Z",
                        "pipeline.sources[1].incremental.end-parameter=until"))
                .hasStackTraceContaining("pipeline.sources[0].endBoundingAGet")
                .hasStackTraceContaining("pipeline.sources[1].endBoundingAGet")
                .hasStackTraceContaining(
                        "incremental.end (and incremental.step) cannot bound a POST or GraphQL source");
    }

    @Test
    void settingsThatWouldDoNothingAreNamedWhereTheyAre() {
        assertThatThrownBy(() -> start(
                        "pipeline.sources[0].name=shop",
                        "pipeline.sources[0].url=http://h/search",
                        "pipeline.sources[0].pagination.kind=offset-limit",
                        "pipeline.sources[0].pagination.page-size=10",
                        "pipeline.sources[0].pagination.has-more=/has_more",
                        "pipeline.sources[1].name=graph",
                        "pipeline.sources[1].url=http://h/graphql",
                        "pipeline.sources[1].graphql.query={ a }",
                        "pipeline.sources[1].graphql.items=/a",
                        "pipeline.sources[1].graphql.has-next-page=/a/pageInfo/hasNextPage",
                        "pipeline.sources[2].name=capped",
                        "pipeline.sources[2].url=http://h/graphql",
                        "pipeline.sources[2].graphql.query={ a }",
                        "pipeline.sources[2].graphql.items=/a",
                        "pipeline.sources[2].graphql.end-cursor=/a/pageInfo/endCursor",
                        "pipeline.sources[2].graphql.max-pages=-1"))
                .hasStackTraceContaining("pipeline.sources[0].pagination.hasMoreForCursors")
                .hasStackTraceContaining("has-more works with cursor pagination only")
                .hasStackTraceContaining("pipeline.sources[1].graphql.hasNextPageWithEndCursor")
                .hasStackTraceContaining("graphql.has-next-page needs graphql.end-cursor")
                .hasStackTraceContaining("pipeline.sources[2].graphql.maxPages")
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(
                                org.assertj.core.util.Throwables.getStackTrace(e))
                        .as("a negative graphql.max-pages is not reported as pagination's")
                        .doesNotContain("pipeline.sources[2].pagination.maxPages"));
    }

    @Test
    void aPostWithoutABodyIsNamed() {
        assertThatThrownBy(() -> start(
                        "pipeline.sources[0].name=shop",
                        "pipeline.sources[0].url=http://h/search",
                        "pipeline.sources[0].method=POST"))
                .hasStackTraceContaining("pipeline.sources[0].postWithBody")
                .hasStackTraceContaining("method: POST needs a body (or graphql)");
    }

    @Test
    void aBodyOverItsBoundIsNamed() {
        assertThatThrownBy(() -> start(
                        "pipeline.sources[0].name=shop",
                        "pipeline.sources[0].url=http://h/search",
                        "pipeline.sources[0].method=POST",
                        "pipeline.sources[0].body.query=" + "x".repeat(70_000)))
                .hasStackTraceContaining("pipeline.sources[0].bodyBounded")
                .hasStackTraceContaining("body must be at most 65536 bytes as JSON");
    }

    @Test
    void bodyPagingOnAGetOrOfALinkHeaderIsNamed() {
        assertThatThrownBy(() -> start(
                        "pipeline.sources[0].name=shop",
                        "pipeline.sources[0].url=http://h/search",
                        "pipeline.sources[0].pagination.kind=link-header",
                        "pipeline.sources[0].pagination.body-field=/offset",
                        "pipeline.sources[0].pagination.body-size-field=limit"))
                .hasStackTraceContaining("pipeline.sources[0].bodyPagingPosted")
                .hasStackTraceContaining("pagination.body-field needs method: POST and a body")
                .hasStackTraceContaining("pipeline.sources[0].pagination.bodyFieldForItsKinds")
                .hasStackTraceContaining("body-field works with offset-limit, page-number and cursor pagination only")
                .hasStackTraceContaining("pipeline.sources[0].pagination.bodySizeField")
                .hasStackTraceContaining("must be a JSON pointer such as /limit");
    }

    @Test
    void aGraphqlSourceThatAlsoSaysHowItPagesIsNamed() {
        assertThatThrownBy(() -> start(
                        "pipeline.sources[0].name=shop",
                        "pipeline.sources[0].url=http://h/graphql",
                        "pipeline.sources[0].items=/products",
                        "pipeline.sources[0].graphql.query={ products { id } }",
                        "pipeline.sources[0].graphql.items=products"))
                .hasStackTraceContaining("pipeline.sources[0].graphqlAlone")
                .hasStackTraceContaining("graphql takes the place of method, body, items and pagination")
                .hasStackTraceContaining("pipeline.sources[0].graphql.items")
                .hasStackTraceContaining("must be a JSON pointer into data");
    }

    @Test
    void aGraphqlSourceWithoutAQueryIsNamed() {
        assertThatThrownBy(() -> start(
                        "pipeline.sources[0].name=shop",
                        "pipeline.sources[0].url=http://h/graphql",
                        "pipeline.sources[0].graphql.items=/products/edges",
                        "pipeline.sources[0].graphql.cursor-variable=$after"))
                .hasStackTraceContaining("pipeline.sources[0].graphql.query")
                .hasStackTraceContaining("pipeline.sources[0].graphql.cursorVariable")
                .hasStackTraceContaining("must be a GraphQL variable name");
    }

    @Test
    void anIncrementalCursorInTheBodyAndInAParameterIsNamed() {
        assertThatThrownBy(() -> start(
                        "pipeline.sources[0].name=shop",
                        "pipeline.sources[0].url=http://h/search",
                        "pipeline.sources[0].method=POST",
                        "pipeline.sources[0].body.since={cursor}",
                        "pipeline.sources[0].incremental.cursor-field=/updatedAt",
                        "pipeline.sources[0].incremental.parameter=updated_after"))
                .hasStackTraceContaining("pipeline.sources[0].cursorPlacedOnce")
                .hasStackTraceContaining("{cursor} in the body");
    }

    @Test
    void aCursorInTheBodyWithoutAStartIsNamed() {
        assertThatThrownBy(() -> start(
                        "pipeline.sources[0].name=shop",
                        "pipeline.sources[0].url=http://h/search",
                        "pipeline.sources[0].method=POST",
                        "pipeline.sources[0].body.since={cursor}",
                        "pipeline.sources[0].incremental.cursor-field=/updatedAt"))
                .hasStackTraceContaining("pipeline.sources[0].cursorVariableStarted")
                .hasStackTraceContaining("{cursor} in the url or body needs incremental.start");
    }
}
