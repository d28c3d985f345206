package dev.pipeline.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code POST /search/products} and {@code POST /graphql}: pages asked for in the request body. */
class BodyEndpointsTests {

    private static final String QUERY = "query($first: Int, $after: String) { products(first: $first, after: $after)"
            + " { edges { node { id title price category } } pageInfo { endCursor hasNextPage } totalCount } }";

    private StandInUpstream upstream;
    private UpstreamClient client;

    @BeforeEach
    void start() {
        upstream = StandInUpstream.start(0, Settings.defaults().withSize(new CatalogSize(45, 1, 1)));
        client = new UpstreamClient(upstream);
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void searchPagesByOffsetInTheBody() {
        JsonNode second = json(post("/search/products", "{\"offset\": 20, \"limit\": 20}"));
        JsonNode last = json(post("/search/products", "{\"offset\": 40, \"limit\": 20}"));

        assertThat(UpstreamClient.ids(second.get("products"))).startsWith(21).hasSize(20);
        assertThat(second.get("total").intValue()).isEqualTo(45);
        assertThat(UpstreamClient.ids(last.get("products"))).containsExactly(41, 42, 43, 44, 45);
        assertThat(last.get("next_cursor").isNull()).isTrue();
    }

    @Test
    void searchPagesByCursorInTheBodyEveryProductOnce() {
        List<Integer> ids = new ArrayList<>();
        String body = "{\"limit\": 20}";
        for (int page = 0; page < 10; page++) {
            JsonNode answer = json(post("/search/products", body));
            ids.addAll(UpstreamClient.ids(answer.get("products")));
            if (answer.get("next_cursor").isNull()) {
                break;
            }
            body = "{\"limit\": 20, \"cursor\": \"" + answer.get("next_cursor").asString() + "\"}";
        }

        assertThat(ids).hasSize(45).doesNotHaveDuplicates();
    }

    @Test
    void searchRefusesWhatItCannotServe() {
        assertThat(post("/search/products", "not json").statusCode()).isEqualTo(400);
        assertThat(post("/search/products", "{\"cursor\": \"bm9wZQ\"}").statusCode())
                .isEqualTo(400);
        assertThat(post("/search/products", "{\"offset\": 1, \"cursor\": \"x\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(post("/search/products", "{\"limit\": -1}").statusCode()).isEqualTo(400);
        assertThat(client.get("/search/products").statusCode()).isEqualTo(405);
    }

    @Test
    void graphqlPagesByCursorVariableEveryProductOnce() {
        List<Integer> ids = new ArrayList<>();
        String after = null;
        for (int page = 0; page < 10; page++) {
            JsonNode data = json(graphql(
                            QUERY,
                            "{\"first\": 20, \"after\": " + (after == null ? "null" : "\"" + after + "\"") + "}"))
                    .get("data")
                    .get("products");
            data.get("edges").forEach(edge -> ids.add(edge.get("node").get("id").intValue()));
            assertThat(data.get("totalCount").intValue()).isEqualTo(45);
            if (!data.get("pageInfo").get("hasNextPage").booleanValue()) {
                break;
            }
            after = data.get("pageInfo").get("endCursor").asString();
        }

        assertThat(ids).hasSize(45).doesNotHaveDuplicates();
    }

    @Test
    void graphqlAnswersAMalformedQueryWithErrors() {
        HttpResponse<String> response = graphql("{ products(first: 2) { edges { node { id } }", "{}");
        JsonNode answer = json(response);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(answer.get("errors").isArray()).isTrue();
        assertThat(answer.get("errors").get(0).get("message").asString()).containsIgnoringCase("invalid syntax");
        assertThat(answer.path("data").isMissingNode() || answer.path("data").isNull())
                .isTrue();
    }

    @Test
    void graphqlAnswersAnUnknownFieldAndAForeignCursorWithErrors() {
        JsonNode unknownField = json(graphql("{ products { edges { node { colour } } } }", "{}"));
        JsonNode foreignCursor = json(graphql(QUERY, "{\"first\": 5, \"after\": \"bm9wZQ\"}"));

        assertThat(unknownField.get("errors").get(0).get("message").asString()).contains("colour");
        assertThat(foreignCursor.get("errors").get(0).get("message").asString())
                .contains("not a cursor of this server");
        assertThat(foreignCursor.get("data").isNull()).isTrue();
    }

    @Test
    void graphqlRefusesARequestWithoutAQuery() {
        assertThat(post("/graphql", "{\"variables\": {}}").statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> graphql(String query, String variables) {
        return post(
                "/graphql",
                "{\"query\": " + UpstreamClient.JSON.writeValueAsString(query) + ", \"variables\": " + variables + "}");
    }

    private HttpResponse<String> post(String path, String body) {
        return client.send(HttpRequest.newBuilder(URI.create(client.baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return UpstreamClient.json(response);
    }
}
