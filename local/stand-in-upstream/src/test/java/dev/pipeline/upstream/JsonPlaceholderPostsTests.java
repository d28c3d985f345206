package dev.pipeline.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class JsonPlaceholderPostsTests {

    private static final Settings SETTINGS = Settings.defaults();
    private static final Catalog CATALOG = new Catalog(SETTINGS.size(), SETTINGS.seed());

    private static StandInUpstream upstream;
    private static UpstreamClient client;

    @BeforeAll
    static void start() {
        upstream = StandInUpstream.start(0, SETTINGS);
        client = new UpstreamClient(upstream);
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    @Nested
    class Unpaged {

        @Test
        void isABareArrayOfEveryPost() {
            HttpResponse<String> response = client.get("/jsonplaceholder/posts");
            JsonNode posts = UpstreamClient.json(response);

            assertThat(posts.isArray()).isTrue();
            assertThat(UpstreamClient.ids(posts))
                    .isEqualTo(IntStream.rangeClosed(1, 100).boxed().toList());
            assertThat(response.headers().firstValue("Link")).isEmpty();
            assertThat(response.headers().firstValue("X-Total-Count")).isEmpty();
        }

        @Test
        void postsAreTheCataloguePostsWithNoPriceOrCategory() {
            JsonNode post = client.getJson("/jsonplaceholder/posts").get(41);

            assertThat(post.propertyNames()).containsExactly("userId", "id", "title", "body");
            assertThat(UpstreamClient.JSON.treeToValue(post, GeneratedPost.class))
                    .isEqualTo(CATALOG.post(42));
        }

        @Test
        void aListingLargerThanTheBufferIsStreamedInChunks() {
            try (StandInUpstream many = StandInUpstream.start(0, SETTINGS.withSize(new CatalogSize(1, 20_000, 1)))) {
                HttpResponse<String> response = new UpstreamClient(many).get("/jsonplaceholder/posts");

                assertThat(response.body().length()).isGreaterThan(ResponseBody.BUFFER_LIMIT);
                assertThat(response.headers().firstValue("Content-Length")).isEmpty();
                assertThat(UpstreamClient.ids(UpstreamClient.json(response)))
                        .isEqualTo(IntStream.rangeClosed(1, 20_000).boxed().toList());
            }
        }

        @Test
        void limitAloneGivesTheFirstPostsAndTheTotal() {
            HttpResponse<String> response = client.get("/jsonplaceholder/posts?_limit=5");

            assertThat(UpstreamClient.ids(UpstreamClient.json(response))).containsExactly(1, 2, 3, 4, 5);
            assertThat(response.headers().firstValue("X-Total-Count")).hasValue("100");
            assertThat(response.headers().firstValue("Link")).isEmpty();
        }
    }

    @Nested
    class Paged {

        @Test
        void middlePageLinksToAllFourNeighbours() {
            HttpResponse<String> response = client.get("/jsonplaceholder/posts?_page=2&_limit=10");
            String posts = client.baseUrl() + "/jsonplaceholder/posts";

            assertThat(UpstreamClient.ids(UpstreamClient.json(response)))
                    .isEqualTo(IntStream.rangeClosed(11, 20).boxed().toList());
            assertThat(response.headers().firstValue("X-Total-Count")).hasValue("100");
            assertThat(response.headers().firstValue("Link"))
                    .hasValue("<" + posts + "?_page=1&_limit=10>; rel=\"first\", "
                            + "<" + posts + "?_page=1&_limit=10>; rel=\"prev\", "
                            + "<" + posts + "?_page=3&_limit=10>; rel=\"next\", "
                            + "<" + posts + "?_page=10&_limit=10>; rel=\"last\"");
        }

        @Test
        void firstPageHasNoPrev() {
            String link = client.get("/jsonplaceholder/posts?_page=1&_limit=30")
                    .headers()
                    .firstValue("Link")
                    .orElseThrow();

            assertThat(link)
                    .contains("rel=\"first\"", "rel=\"next\"", "rel=\"last\"")
                    .doesNotContain("rel=\"prev\"");
            assertThat(link).contains("?_page=4&_limit=30>; rel=\"last\"");
        }

        @Test
        void lastPageIsShortAndHasNoNext() {
            HttpResponse<String> response = client.get("/jsonplaceholder/posts?_page=4&_limit=30");

            assertThat(UpstreamClient.ids(UpstreamClient.json(response)))
                    .isEqualTo(IntStream.rangeClosed(91, 100).boxed().toList());
            assertThat(response.headers().firstValue("Link").orElseThrow())
                    .contains("rel=\"prev\"")
                    .doesNotContain("rel=\"next\"");
        }

        @Test
        void pageWithoutLimitHoldsTen() {
            JsonNode posts = client.getJson("/jsonplaceholder/posts?_page=3");

            assertThat(UpstreamClient.ids(posts))
                    .isEqualTo(IntStream.rangeClosed(21, 30).boxed().toList());
        }

        @Test
        void pagePastTheEndIsEmpty() {
            HttpResponse<String> response = client.get("/jsonplaceholder/posts?_page=11&_limit=10");

            assertThat(UpstreamClient.json(response).size()).isZero();
            assertThat(response.headers().firstValue("Link").orElseThrow()).doesNotContain("rel=\"next\"");
        }

        @Test
        void pageZeroIsRefused() {
            assertThat(client.get("/jsonplaceholder/posts?_page=0").statusCode())
                    .isEqualTo(400);
        }
    }
}
