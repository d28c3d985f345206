package dev.pipeline.fetcher.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.pipeline.common.ErrorKind;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.fetcher.RunRecords;
import dev.pipeline.upstream.CatalogSize;
import dev.pipeline.upstream.Settings;
import dev.pipeline.upstream.StandInUpstream;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Whole runs of sources that page in their POST body, on a real broker, against the stand-in's
 * {@code POST /search/products} and {@code POST /graphql}: the offset or cursor moves in the
 * body (the URL never changes), every page is requested once, every product arrives once; a
 * GraphQL query the server refuses is the run's {@code graphql_error}, not an empty source; an
 * incremental source's cursor reaches the body the API gets (WireMock).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 3)
class RequestBodySourcesIntegrationTests {

    private static final int PRODUCTS = 95;
    private static final String QUERY = "query($first: Int, $after: String) { products(first: $first, after: $after)"
            + " { edges { node { id title price category } } pageInfo { endCursor hasNextPage } } }";

    /** One stand-in per source, so that each one's requests are counted alone. */
    private static final StandInUpstream OFFSETS = upstream();

    private static final StandInUpstream CURSORS = upstream();
    private static final StandInUpstream GRAPHQL = upstream();
    private static final StandInUpstream BROKEN = upstream();

    /** An incremental source on WireMock, whose body holds its cursor (and keys the binding would change). */
    private static final WireMockServer SINCE =
            new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));

    private static final String SINCE_START = "2026-02-01T00:00:00Z";
    private static final String SINCE_BODY = "{\"query\":{\"bool\":{\"filter\":[{\"range\":{\"@timestamp\":"
            + "{\"gt\":\"{cursor}\"}}},{\"terms\":{\"status\":{\"$in\":[\"active\"]}}}]}},\"sort\":[]}";

    static {
        SINCE.start();
    }

    @Autowired
    EmbeddedKafkaBroker broker;

    @LocalServerPort
    int port;

    private static StandInUpstream upstream() {
        return StandInUpstream.start(0, Settings.defaults().withSize(new CatalogSize(PRODUCTS, 1, 1)));
    }

    @DynamicPropertySource
    static void sources(DynamicPropertyRegistry registry) {
        String offsets = "pipeline.sources[0].";
        registry.add(offsets + "name", () -> "search-offsets");
        registry.add(offsets + "url", () -> OFFSETS.baseUrl() + "/search/products");
        registry.add(offsets + "method", () -> "POST");
        registry.add(offsets + "body.query", () -> "everything");
        registry.add(offsets + "items", () -> "/products");
        registry.add(offsets + "pagination.kind", () -> "offset-limit");
        registry.add(offsets + "pagination.page-size", () -> "10");
        registry.add(offsets + "pagination.total", () -> "/total");
        registry.add(offsets + "pagination.body-field", () -> "/offset");
        registry.add(offsets + "pagination.body-size-field", () -> "/limit");

        String cursors = "pipeline.sources[1].";
        registry.add(cursors + "name", () -> "search-cursor");
        registry.add(cursors + "url", () -> CURSORS.baseUrl() + "/search/products");
        registry.add(cursors + "method", () -> "POST");
        registry.add(cursors + "body.limit", () -> 25); // a number, as YAML gives it
        registry.add(cursors + "items", () -> "/products");
        registry.add(cursors + "pagination.kind", () -> "cursor");
        registry.add(cursors + "pagination.cursor", () -> "/next_cursor");
        registry.add(cursors + "pagination.body-field", () -> "/cursor");

        graphql(registry, 2, "shop-graphql", GRAPHQL, QUERY);
        // no closing braces: a query the server cannot parse
        graphql(registry, 3, "broken-graphql", BROKEN, QUERY.substring(0, QUERY.length() - 4));
        registry.add("pipeline.tasks.retries", () -> "0");

        String since = "pipeline.sources[4].";
        registry.add(since + "name", () -> "search-since");
        registry.add(since + "url", () -> SINCE.baseUrl() + "/since");
        registry.add(since + "method", () -> "POST");
        registry.add(since + "body-json", () -> SINCE_BODY);
        registry.add(since + "items", () -> "/hits");
        registry.add(since + "incremental.cursor-field", () -> "/updatedAt");
        registry.add(since + "incremental.start", () -> SINCE_START);
    }

    private static void graphql(
            DynamicPropertyRegistry registry, int i, String name, StandInUpstream upstream, String query) {
        String source = "pipeline.sources[" + i + "].";
        registry.add(source + "name", () -> name);
        registry.add(source + "url", () -> upstream.baseUrl() + "/graphql");
        registry.add(source + "graphql.query", () -> query);
        registry.add(source + "graphql.variables.first", () -> 20);
        registry.add(source + "graphql.items", () -> "/products/edges");
        registry.add(source + "graphql.end-cursor", () -> "/products/pageInfo/endCursor");
        registry.add(source + "graphql.has-next-page", () -> "/products/pageInfo/hasNextPage");
        registry.add(source + "fields.id", () -> "/node/id");
        registry.add(source + "fields.title", () -> "/node/title");
        registry.add(source + "fields.price", () -> "/node/price");
        registry.add(source + "fields.category", () -> "/node/category");
    }

    @AfterAll
    static void stop() {
        List.of(OFFSETS, CURSORS, GRAPHQL, BROKEN).forEach(StandInUpstream::close);
        SINCE.stop();
    }

    /**
     * End to end, through the task a fetcher takes from Kafka: the incremental source's cursor is in
     * the body the API gets, where the body says {@code {cursor}} (in a list, beside a key with
     * {@code $} and {@code @}), and nowhere as the literal placeholder. The API answers only that
     * body; any other (the unfilled template) gets a 400, the run's error.
     */
    @Test
    void anIncrementalSourcesCursorReachesTheRequestBody() throws Exception {
        String sent = SINCE_BODY.replace("{cursor}", SINCE_START);
        SINCE.stubFor(WireMock.post("/since")
                .atPriority(1)
                .withRequestBody(WireMock.equalToJson(sent))
                .willReturn(WireMock.okJson("{\"hits\":[{\"id\":\"a\",\"title\":\"A\",\"price\":1.5,"
                        + "\"category\":\"c\",\"updatedAt\":\"2026-03-01T00:00:00Z\"}]}")));
        SINCE.stubFor(WireMock.post("/since").atPriority(9).willReturn(WireMock.badRequest()));

        RunRecords run = RunRecords.run(port, broker, "search-since");

        assertThat(run.errors()).isEmpty();
        assertThat(run.ids()).containsExactly("a");
        SINCE.verify(1, WireMock.postRequestedFor(WireMock.urlPathEqualTo("/since")));
        assertThat(SINCE.getAllServeEvents().getFirst().getRequest().getBodyAsString())
                .doesNotContain("{cursor}")
                .contains("\"@timestamp\"", "\"$in\"");
    }

    @Test
    void offsetsInTheBodyFetchEveryPageOnceAndAtOnceAfterTheFirst() throws Exception {
        RunRecords run = RunRecords.run(port, broker, "search-offsets");

        assertThat(run.errors()).isEmpty();
        assertThat(run.ids()).containsExactlyInAnyOrderElementsOf(allIds());
        assertThat(OFFSETS.requestCount("/search/products")).isEqualTo(10);
        assertThat(run.products())
                .extracting(ProductRecord::endpoint)
                .as("each page named by the body fields it sent")
                .contains(
                        OFFSETS.baseUrl() + "/search/products#/offset=0&/limit=10",
                        OFFSETS.baseUrl() + "/search/products#/offset=90&/limit=10");
    }

    @Test
    void aCursorInTheBodyWalksEveryPageOnce() throws Exception {
        RunRecords run = RunRecords.run(port, broker, "search-cursor");

        assertThat(run.errors()).isEmpty();
        assertThat(run.ids()).containsExactlyInAnyOrderElementsOf(allIds());
        assertThat(CURSORS.requestCount("/search/products")).isEqualTo(4); // 25, 25, 25, 20
        assertThat(run.stats("search-cursor").requests()).isEqualTo(4);
    }

    @Test
    void aGraphqlSourceWalksItsConnectionWithTheCursorAsAVariable() throws Exception {
        RunRecords run = RunRecords.run(port, broker, "shop-graphql");

        assertThat(run.errors()).isEmpty();
        assertThat(run.ids()).containsExactlyInAnyOrderElementsOf(allIds());
        assertThat(run.products()).allSatisfy(product -> {
            assertThat(product.title()).isNotBlank();
            assertThat(product.price()).isNotNull();
        });
        assertThat(GRAPHQL.requestCount("/graphql")).isEqualTo(5); // 20 a page; hasNextPage false on the fifth
    }

    @Test
    void aQueryTheServerRefusesIsTheRunsGraphqlErrorNotAnEmptySource() throws Exception {
        RunRecords run = RunRecords.run(port, broker, "broken-graphql");

        assertThat(run.products()).isEmpty();
        assertThat(run.errors()).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo(ErrorKind.GRAPHQL_ERROR.wireName());
            assertThat(error.error()).startsWith("GraphQL errors (1): Invalid syntax");
            assertThat(error.attempts()).isEqualTo(1);
        });
        assertThat(BROKEN.requestCount("/graphql")).isEqualTo(1);
    }

    private static List<String> allIds() {
        return IntStream.rangeClosed(1, PRODUCTS).mapToObj(Integer::toString).toList();
    }
}
