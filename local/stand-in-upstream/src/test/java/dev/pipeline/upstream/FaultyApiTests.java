package dev.pipeline.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

class FaultyApiTests {

    private static StandInUpstream upstream;
    private static UpstreamClient client;

    @BeforeAll
    static void start() {
        upstream = StandInUpstream.start(0, Settings.defaults());
        client = new UpstreamClient(upstream);
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    @BeforeEach
    void forgetEarlierRequests() {
        upstream.faults().reset();
    }

    private static HttpResponse<String> page(int page) {
        return client.get("/faulty/items?page=" + page);
    }

    @Nested
    class PageOne {

        @Test
        void servesFourValidItems() {
            JsonNode body = UpstreamClient.json(page(1));

            assertThat(body.get("page").intValue()).isEqualTo(1);
            assertThat(body.get("total_pages").intValue()).isEqualTo(5);
            assertThat(UpstreamClient.ids(body.get("items"))).containsExactly(1, 2, 3, 4);
            assertThat(body.get("items").get(0).propertyNames()).containsExactly("id", "name", "price", "category");
            assertThat(upstream.faults().requests(1)).isEqualTo(1);
        }

        @Test
        void isTheDefaultPage() {
            assertThat(UpstreamClient.ids(client.getJson("/faulty/items").get("items")))
                    .containsExactly(1, 2, 3, 4);
        }
    }

    @Nested
    class PageTwo {

        @Test
        void failsOnceThenServes() {
            HttpResponse<String> first = page(2);
            HttpResponse<String> second = page(2);

            assertThat(first.statusCode()).isEqualTo(500);
            assertThat(first.body()).isEqualTo("{\"error\":\"boom\"}");
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(UpstreamClient.ids(UpstreamClient.json(second).get("items")))
                    .containsExactly(5, 6, 7, 8);
            assertThat(upstream.faults().requests(2)).isEqualTo(2);
        }

        @Test
        void failsAgainAfterAReset() {
            page(2);
            upstream.faults().reset();

            assertThat(page(2).statusCode()).isEqualTo(500);
            assertThat(upstream.faults().requests(2)).isEqualTo(1);
        }
    }

    @Nested
    class PageThree {

        @Test
        void isThrottledOnceWithRetryAfterThenServes() {
            HttpResponse<String> first = page(3);
            HttpResponse<String> second = page(3);

            assertThat(first.statusCode()).isEqualTo(429);
            assertThat(first.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(UpstreamClient.ids(UpstreamClient.json(second).get("items")))
                    .containsExactly(9, 10, 11, 12);
            assertThat(upstream.faults().requests(3)).isEqualTo(2);
        }
    }

    @Nested
    class PageFour {

        @Test
        void alwaysAnswersOkWithJsonThatDoesNotParse() {
            for (int attempt = 1; attempt <= 3; attempt++) {
                HttpResponse<String> response = page(4);

                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
                assertThat(response.body()).startsWith("{\"page\":4,");
                assertThatExceptionOfType(JacksonException.class).isThrownBy(() -> UpstreamClient.json(response));
            }
            assertThat(upstream.faults().requests(4)).isEqualTo(3);
        }
    }

    @Nested
    class PageFive {

        @Test
        void mixesThreeValidItemsWithThreeInvalidOnes() {
            JsonNode items = UpstreamClient.json(page(5)).get("items");

            assertThat(items.size()).isEqualTo(6);
            assertThat(items.get(0).get("id").intValue()).isEqualTo(17);
            assertThat(items.get(1).get("id").intValue()).isEqualTo(18);
            assertThat(items.get(2).get("id").intValue()).isEqualTo(19);
            assertThat(items.get(3).has("id")).isFalse();
            assertThat(items.get(4).get("price").doubleValue()).isEqualTo(-5.0);
            assertThat(items.get(5).get("name").stringValue()).isEqualTo("  ");
            assertThat(upstream.faults().requests(5)).isEqualTo(1);
        }
    }

    @Test
    void pagesPastTheLastAreEmpty() {
        JsonNode body = UpstreamClient.json(page(6));

        assertThat(body.get("page").intValue()).isEqualTo(6);
        assertThat(body.get("items").size()).isZero();
        assertThat(upstream.faults().requests(6)).isEqualTo(1);
    }

    @Test
    void countsEachPageSeparately() {
        page(1);
        page(1);
        page(5);

        assertThat(upstream.faults().requests(1)).isEqualTo(2);
        assertThat(upstream.faults().requests(5)).isEqualTo(1);
        assertThat(upstream.faults().requests(2)).isZero();
    }

    @Test
    void aPageThatIsNotANumberIsRefusedAndNotCounted() {
        assertThat(client.get("/faulty/items?page=two").statusCode()).isEqualTo(400);
        assertThat(client.get("/faulty/items?page=0").statusCode()).isEqualTo(400);
        assertThat(upstream.faults().requests(0)).isZero();
    }
}
