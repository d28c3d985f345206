package dev.pipeline.fetcher.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.SourceStats;
import dev.pipeline.fetcher.RunRecords;
import dev.pipeline.upstream.Settings;
import dev.pipeline.upstream.StandInUpstream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * The original's {@code args.json}, read unchanged (its {@code paged} as a boolean, an integer or
 * a string), together with a {@code --url} for the same endpoint (counted once) and a sources file
 * in this project's format.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "pipeline.args-file=target/source-files-test/args.json",
            "pipeline.sources-file=target/source-files-test/sources.json",
            "pipeline.urls=" + SourceFilesIntegrationTests.POSTS_AGAIN
        })
@EmbeddedKafka(partitions = 3)
class SourceFilesIntegrationTests {

    static final String POSTS_AGAIN = "http://127.0.0.1:18089/jsonplaceholder/posts|posts-again|0";
    private static final StandInUpstream UPSTREAM = StandInUpstream.start(0, Settings.defaults());

    static {
        // Read by an EnvironmentPostProcessor, before any dynamic property exists: written up front.
        String base = UPSTREAM.baseUrl();
        write("args.json", """
                [
                  {"url": "%1$s/dummyjson/products?limit=50&skip={skip}", "name": "DummyJSON", "paged": 1},
                  {"url": "%1$s/reqres/api/users?page={page}", "name": "Reqres", "paged": true,
                   "headers": {"x-api-key": "reqres-free-v1"}},
                  {"url": "%1$s/jsonplaceholder/posts", "name": "JSONPlaceholder", "paged": "0"},
                  {"url": "%1$s/httpbin/delay/0", "name": "httpbin", "paged": false},
                  {"url": "http://127.0.0.1:18089/jsonplaceholder/posts", "name": "same-as-url-option", "paged": false}
                ]""".formatted(base));
        write("sources.json", """
                {"sources": [{"name": "linked-posts", "url": "%s/jsonplaceholder/posts?_page=1&_limit=30",
                  "pagination": {"kind": "link-header"}}]}""".formatted(base));
    }

    @Autowired
    EmbeddedKafkaBroker broker;

    @LocalServerPort
    int port;

    private static void write(String name, String content) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "source-files-test"));
            Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopUpstream() {
        UPSTREAM.close();
    }

    @Test
    void theOriginalsArgsFileGivesTheSameProductsAndRequestsAsTheOriginal() throws Exception {
        RunRecords run = RunRecords.run(port, broker, "dummyjson", "reqres", "jsonplaceholder");

        assertThat(run.byKey().keySet()).containsExactlyInAnyOrderElementsOf(expectedKeys());
        assertThat(run.products()).hasSize(306);
        // {skip} advances by the items each page returned, until an empty page: 50, 100, 150, 194, then empty.
        assertThat(run.stats("dummyjson").requests()).isEqualTo(5);
        // {page} counts from 1 until an empty page, as the original's 3 requests to Reqres.
        assertThat(run.stats("reqres").requests()).isEqualTo(3);
        assertThat(run.stats("jsonplaceholder").requests()).isEqualTo(1);
        assertThat(run.errors()).isEmpty();
    }

    /**
     * httpbin answers an echo whose {@code data} is a string: under the original's rule (root
     * array, else {@code data}, else {@code products}) a page with no items, not an error, so
     * the report has none from it and a success rate of 1, as the original's had.
     */
    @Test
    void httpbinsEchoIsAPageWithoutItemsNotAnError() throws Exception {
        RunRecords run = RunRecords.run(port, broker, "httpbin");

        assertThat(run.errors()).isEmpty();
        assertThat(run.products()).isEmpty();
        assertThat(run.stats("httpbin")).isEqualTo(new SourceStats(1, 1, 0, 0, 0, 0));
    }

    @Test
    void anEndpointGivenTwiceIsOneSource() throws Exception {
        HttpResponse<String> refused = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/runs"))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"sources\":[\"posts-again\"]}"))
                                .header("Content-Type", "application/json")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body())
                .contains("[linked-posts, dummyjson, reqres, jsonplaceholder, httpbin, same-as-url-option]");
    }

    @Test
    void aSourcesFileInThisProjectsFormatFollowsTheLinkHeader() throws Exception {
        RunRecords run = RunRecords.run(port, broker, "linked-posts");

        assertThat(run.products()).hasSize(100);
        assertThat(run.stats("linked-posts").requests()).isEqualTo(4);
    }

    private static List<String> expectedKeys() {
        return Stream.of(
                        IntStream.rangeClosed(1, 194).mapToObj(i -> "dummyjson:" + i),
                        IntStream.rangeClosed(1, 12).mapToObj(i -> "reqres:" + i),
                        IntStream.rangeClosed(1, 100).mapToObj(i -> "jsonplaceholder:" + i))
                .flatMap(s -> s)
                .toList();
    }
}
