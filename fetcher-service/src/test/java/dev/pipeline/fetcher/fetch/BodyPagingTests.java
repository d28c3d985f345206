package dev.pipeline.fetcher.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipeline.common.ErrorKind;
import dev.pipeline.fetcher.source.GraphQl;
import dev.pipeline.fetcher.source.Incremental;
import dev.pipeline.fetcher.source.Pagination;
import dev.pipeline.fetcher.source.Pagination.Kind;
import dev.pipeline.fetcher.source.SourceDefinition;
import dev.pipeline.fetcher.source.Sources;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sources that page in their POST body: a page's address names the body fields it moves (in its
 * fragment, never sent), and its request is a POST of the source's body with them in.
 */
class BodyPagingTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static SourceDefinition post(Map<String, Object> body, Pagination pagination) {
        return Sources.named("s", "http://h:1/search?lang=en")
                .items("/products")
                .pagination(pagination)
                .post(body)
                .build();
    }

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    private static Pagination offsets(String total) {
        return new Pagination(
                Kind.OFFSET_LIMIT, null, 0, null, null, 20, total, null, null, null, 0, "/offset", "/limit", null);
    }

    private static Page page(String uri, String body) {
        return new Page(URI.create(uri), JSON.readTree(body), HttpHeaders.of(Map.of(), (a, b) -> true), 1);
    }

    private static JsonNode sent(SourceDefinition source, URI page) throws Exception {
        HttpRequest request = Requests.of(
                source, UrlSecrets.of(source), page, Duration.ofSeconds(1), null, BodyPage.body(source, page));
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri().getRawFragment())
                .as("the fragment is never sent")
                .isNull();
        assertThat(request.headers().firstValue("Content-Type")).contains("application/json");
        return JSON.readTree(bytes(request));
    }

    @Test
    void offsetLimitInTheBodyPlansEveryPageAtOnceAndSendsItsOffsetAsANumber() throws Exception {
        SourceDefinition source = post(body("query", "shoes", "offset", 0), offsets("/total"));
        PagePlanner planner = PagePlanner.of(source);

        URI first = planner.first();
        List<URI> rest = planner.remainingAfterFirst(page(first.toString(), "{\"total\":45}"), 20)
                .orElseThrow();

        assertThat(first).hasToString("http://h:1/search?lang=en#/offset=0&/limit=20");
        assertThat(rest)
                .containsExactly(
                        URI.create("http://h:1/search?lang=en#/offset=20&/limit=20"),
                        URI.create("http://h:1/search?lang=en#/offset=40&/limit=20"));
        JsonNode body = sent(source, rest.get(1));
        assertThat(body.toString()).isEqualTo("{\"query\":\"shoes\",\"offset\":40,\"limit\":20}");
        assertThat(Requests.of(source, UrlSecrets.of(source), rest.get(1), Duration.ofSeconds(1), null, new byte[0])
                        .uri())
                .hasToString("http://h:1/search?lang=en");
    }

    @Test
    void aPageNumberInTheBodyCountsFromTheFirstPage() throws Exception {
        Pagination pages = new Pagination(
                Kind.PAGE_NUMBER, null, 1, null, null, 0, null, "/pages", null, null, 0, "/paging/page", null, null);
        SourceDefinition source = post(body("paging", body("size", 10)), pages);

        List<URI> rest = PagePlanner.of(source)
                .remainingAfterFirst(page("http://h:1/search", "{\"pages\":3}"), 10)
                .orElseThrow();

        assertThat(rest).hasSize(2);
        assertThat(sent(source, rest.getLast()).toString()).isEqualTo("{\"paging\":{\"size\":10,\"page\":3}}");
    }

    @Test
    void aCursorMovesTheBodyFieldAsAStringUntilHasMoreSaysFalse() throws Exception {
        Pagination cursor = new Pagination(
                Kind.CURSOR, null, 0, null, null, 0, null, null, "/next", null, 0, "/variables/after", null, "/more");
        SourceDefinition source = post(body("variables", body("first", 2)), cursor);
        PagePlanner planner = PagePlanner.of(source);

        URI first = planner.first();
        URI second = planner.next(page(first.toString(), "{\"next\":\"12\",\"more\":true}"), 0, 2, 2)
                .orElseThrow();
        URI withSlash = planner.next(page(first.toString(), "{\"next\":\"a/b&c=d+e\"}"), 0, 2, 2)
                .orElseThrow();

        assertThat(first).hasToString("http://h:1/search?lang=en");
        assertThat(sent(source, first).toString()).isEqualTo("{\"variables\":{\"first\":2}}");
        assertThat(second).hasToString("http://h:1/search?lang=en#/variables/after=12");
        assertThat(sent(source, second).toString()).isEqualTo("{\"variables\":{\"first\":2,\"after\":\"12\"}}");
        assertThat(sent(source, withSlash).path("variables").path("after").asString())
                .isEqualTo("a/b&c=d+e");
        assertThat(planner.next(page(second.toString(), "{\"next\":\"14\",\"more\":false}"), 1, 2, 4))
                .as("has-more false ends the walk though a cursor is there")
                .isEmpty();
        assertThat(planner.next(page(second.toString(), "{\"next\":\"14\",\"more\":false}"), 1, 0, 2))
                .isEmpty();
    }

    @Test
    void aGraphqlSourcePostsItsQueryAndVariablesWithTheCursorAsAVariable() throws Exception {
        GraphQl graphql = new GraphQl(
                "query($first: Int, $after: String) { products(first: $first, after: $after) { edges { node { id } } } }",
                body("first", 20),
                "/products/edges",
                "/products/pageInfo/endCursor",
                "/products/pageInfo/hasNextPage",
                null,
                0);
        SourceDefinition source =
                Sources.named("g", "http://h:1/graphql").graphql(graphql).build();

        assertThat(source.method()).isEqualTo(SourceDefinition.Method.POST);
        assertThat(source.items()).containsExactly("/data/products/edges");
        assertThat(source.isGraphqlAlone()).isTrue();
        URI next = PagePlanner.of(source)
                .next(
                        page(
                                "http://h:1/graphql",
                                "{\"data\":{\"products\":{\"pageInfo\":{\"endCursor\":\"Y3\",\"hasNextPage\":true}}}}"),
                        0,
                        20,
                        20)
                .orElseThrow();
        JsonNode body = sent(source, next);

        assertThat(body.path("query").asString()).startsWith("query($first: Int");
        assertThat(body.path("variables").toString()).isEqualTo("{\"first\":20,\"after\":\"Y3\"}");
        assertThat(PagePlanner.of(source)
                        .next(
                                page(
                                        "http://h:1/graphql",
                                        "{\"data\":{\"products\":{\"pageInfo\":{\"endCursor\":\"Y4\","
                                                + "\"hasNextPage\":false}}}}"),
                                1,
                                20,
                                40))
                .isEmpty();
    }

    @Test
    void anIncrementalSourcesCursorGoesWhereTheBodySaysCursor() throws Exception {
        SourceDefinition source = Sources.named("s", "http://h:1/search")
                .items("/products")
                .pagination(offsets(null))
                .incremental(new Incremental("/updatedAt", null, "2026-01-01T00:00:00Z", null, null, null, null, 100))
                .post(body("filter", body("updated_after", "{cursor}")))
                .build();
        SourceDefinition run = source.fromCursor("2026-03-04T05:06:07Z");

        assertThat(source.isCursorPlacedOnce()).isTrue();
        assertThat(sent(run, PagePlanner.of(run).first()).toString())
                .isEqualTo("{\"filter\":{\"updated_after\":\"2026-03-04T05:06:07Z\"},\"offset\":0,\"limit\":20}");
    }

    @Test
    void aBodyPastItsBoundIsThePagesErrorNotARequest() {
        Pagination cursor =
                new Pagination(Kind.CURSOR, null, 0, null, null, 0, null, null, "/next", null, 0, "/after", null, null);
        SourceDefinition source = post(body("q", "x"), cursor);
        URI huge = URI.create("http://h:1/search?lang=en#/after=" + "x".repeat(70_000));

        assertThatThrownBy(() -> BodyPage.body(source, huge))
                .isInstanceOfSatisfying(
                        FetchException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED_PAGE))
                .hasMessageContaining("over the bound of 65536");
    }

    private static byte[] bytes(HttpRequest request) throws InterruptedException {
        List<ByteBuffer> buffers = new ArrayList<>();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        request.bodyPublisher().orElseThrow().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                buffers.add(item);
            }

            @Override
            public void onError(Throwable throwable) {
                done.countDown();
            }

            @Override
            public void onComplete() {
                done.countDown();
            }
        });
        done.await();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        buffers.forEach(b -> {
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            out.writeBytes(chunk);
        });
        return out.toString(StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
    }
}
