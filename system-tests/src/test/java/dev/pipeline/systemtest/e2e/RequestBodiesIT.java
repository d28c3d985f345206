package dev.pipeline.systemtest.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.cli.stack.LocalStack;
import dev.pipeline.cli.stack.PipelineHome;
import dev.pipeline.cli.stack.StackSettings;
import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.report.testing.ReportSchema;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Sources queried by POST body, end to end: the packaged broker, stand-in upstream, fetcher and
 * processor as processes, the sources from a JSON sources file. One run of a search paged by a
 * cursor in its body and of a GraphQL connection paged by its {@code after} variable ends in one
 * report with every product of both, once, no error, and one request per page.
 */
class RequestBodiesIT {

    private static final int PRODUCTS = 194; // the stand-in's default catalogue

    private static final String SOURCES = """
            {"sources": [
              {"name": "search", "url": "${pipeline.upstream-url}/search/products", "method": "POST",
               "body": {"limit": 25}, "items": ["/products"],
               "pagination": {"kind": "cursor", "cursor": "/next_cursor", "body-field": "/cursor"}},
              {"name": "shop", "url": "${pipeline.upstream-url}/graphql",
               "graphql": {
                 "query": "query Products($first: Int, $after: String) { products(first: $first, after: $after) { edges { node { id title price category } } pageInfo { endCursor hasNextPage } } }",
                 "variables": {"first": 50},
                 "items": "/products/edges",
                 "end-cursor": "/products/pageInfo/endCursor",
                 "has-next-page": "/products/pageInfo/hasNextPage"},
               "fields": {"id": ["/node/id"], "title": ["/node/title"], "price": ["/node/price"],
                          "category": ["/node/category"]}}]}
            """;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path out;

    static LocalStack stack;

    @BeforeAll
    static void start() {
        PipelineHome home = PipelineHome.locate();
        home.requireArtifacts(true, true);
        StackSettings settings = StackSettings.of(null, out)
                .withFetcherFile("pipeline.sources-file", SOURCES)
                .withInstances(1, 1);
        stack = LocalStack.start(home, settings, line -> System.out.println("[stack] " + line));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Timeout(300)
    void aPostSearchAndAGraphqlSourceEndInOneReportEveryProductOnceEveryPageOnce() throws Exception {
        HttpResponse<String> accepted = HTTP.send(
                HttpRequest.newBuilder(stack.fetcherUrls().getFirst().resolve("api/runs"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String runId =
                PipelineJson.mapper().readTree(accepted.body()).path("runId").asString();
        Path file = out.resolve(runId + ".json");
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> Files.exists(file));
        JsonNode report = ReportSchema.readReport(file);

        assertThat(report.path("errors")).as(report.path("errors").toString()).isEmpty();
        assertThat(report.path("summary").path("total_products").asInt()).isEqualTo(2 * PRODUCTS);
        for (String source : List.of("search", "shop")) {
            List<String> ids = new ArrayList<>();
            report.path("products").forEach(product -> {
                if (product.path("source").asString().equals(source)) {
                    ids.add(product.path("id").asString());
                }
            });
            assertThat(ids)
                    .as(source)
                    .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, PRODUCTS)
                            .mapToObj(Integer::toString)
                            .toList());
        }
        JsonNode requests = report.path("metrics").path("source_request_counts");
        assertThat(requests.path("search").asInt())
                .as("194 by 25: 8 pages, each once")
                .isEqualTo(8);
        assertThat(requests.path("shop").asInt())
                .as("194 by 50: 4 pages, each once")
                .isEqualTo(4);
    }
}
