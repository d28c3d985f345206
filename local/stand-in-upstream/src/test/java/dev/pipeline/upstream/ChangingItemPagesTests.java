package dev.pipeline.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ChangingItemPagesTests {

    private static final int SIZE = ChangingItems.DEFAULT_SIZE;

    // A server per test: advancing the generation is state the tests must not share.
    private StandInUpstream upstream;
    private UpstreamClient client;

    @BeforeEach
    void start() {
        upstream = StandInUpstream.start(0, Settings.defaults());
        client = new UpstreamClient(upstream);
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Nested
    class Paging {

        @Test
        void servesTheGenerationInServedOrderWithItsTotal() {
            JsonNode page = client.getJson("/changing/items?limit=20&skip=10");

            assertThat(ids(page)).isEqualTo(ids(ChangingItems.at(SIZE, 0).subList(10, 30)));
            assertThat(page.get("total").intValue()).isEqualTo(SIZE);
            assertThat(page.get("skip").intValue()).isEqualTo(10);
            assertThat(page.get("limit").intValue()).isEqualTo(20);
        }

        @Test
        void itemsCarryExactlyTheFieldsOfTheJavaApi() {
            JsonNode first =
                    client.getJson("/changing/items?limit=1").get("items").get(0);
            ChangingItem expected = ChangingItems.at(SIZE, 0).getFirst();

            assertThat(first.propertyNames()).containsExactly("id", "title", "price", "category", "updatedAt");
            assertThat(first.get("id").intValue()).isEqualTo(expected.id());
            assertThat(first.get("title").stringValue()).isEqualTo(expected.title());
            assertThat(first.get("price").decimalValue()).isEqualByComparingTo(expected.price());
            assertThat(first.get("category").stringValue()).isEqualTo(expected.category());
            assertThat(Instant.parse(first.get("updatedAt").stringValue())).isEqualTo(expected.updatedAt());
        }

        @Test
        void pagingThroughGivesEveryItemOnceAndTheLastPageIsShort() {
            List<Integer> seen = new ArrayList<>();
            JsonNode page;
            int skip = 0;
            do {
                page = client.getJson("/changing/items?limit=15&skip=" + skip);
                seen.addAll(UpstreamClient.ids(page.get("items")));
                skip += 15;
            } while (page.get("items").size() == 15);

            assertThat(seen).isEqualTo(ids(ChangingItems.at(SIZE, 0)));
            assertThat(page.get("limit").intValue()).isEqualTo(SIZE % 15);
        }

        @Test
        void defaultsAndLimitZeroAreThoseOfTheDummyJsonShape() {
            assertThat(client.getJson("/changing/items").get("items").size()).isEqualTo(30);
            assertThat(client.getJson("/changing/items?limit=0").get("items").size())
                    .isEqualTo(SIZE);
            assertThat(client.getJson("/changing/items?skip=500").get("items").size())
                    .isZero();
        }

        @Test
        void servesTheSizeItWasStartedWith() {
            CatalogSize size = new CatalogSize(1, 1, 1, 0, 7);
            try (StandInUpstream small =
                    StandInUpstream.start(0, Settings.defaults().withSize(size))) {
                JsonNode page = new UpstreamClient(small).getJson("/changing/items?limit=0");

                assertThat(ids(page)).isEqualTo(ids(ChangingItems.at(7, 0)));
                assertThat(page.get("total").intValue()).isEqualTo(7);
            }
        }
    }

    @Nested
    class UpdatedAfter {

        @Test
        void filtersExclusivelyBeforePagingAndTotalCountsWhatItKept() {
            advance(3);
            List<ChangingItem> expected =
                    ChangingItems.updatedAfter(ChangingItems.at(SIZE, 3), ChangingItems.updatedAt(1));

            JsonNode first = client.getJson("/changing/items?limit=3&updated_after=2026-01-01T01:00:00Z");
            JsonNode rest = client.getJson("/changing/items?limit=100&skip=3&updated_after=2026-01-01T01:00:00Z");

            assertThat(expected).hasSizeGreaterThan(3);
            assertThat(first.get("total").intValue()).isEqualTo(expected.size());
            assertThat(rest.get("total").intValue()).isEqualTo(expected.size());
            List<Integer> both = new ArrayList<>(UpstreamClient.ids(first.get("items")));
            both.addAll(UpstreamClient.ids(rest.get("items")));
            assertThat(both).isEqualTo(ids(expected));
        }

        @Test
        void theLatestStampAsCursorGivesNothingAndBaseGivesEveryChangeSinceStart() {
            assertThat(client.getJson("/changing/items?updated_after=2026-01-01T00:00:00Z")
                            .get("total")
                            .intValue())
                    .isZero();

            advance(2);

            assertThat(client.getJson("/changing/items?updated_after=2026-01-01T02:00:00Z")
                            .get("total")
                            .intValue())
                    .isZero();
            assertThat(ids(client.getJson("/changing/items?limit=0&updated_after=2026-01-01T00:00:00Z")))
                    .isEqualTo(ids(ChangingItems.updatedAfter(ChangingItems.at(SIZE, 2), ChangingItems.BASE)));
        }

        @Test
        void acceptsAnOffsetAndAnInstantInTheFarPast() {
            advance(1);

            assertThat(client.getJson("/changing/items?updated_after=2026-01-01T00:30:00%2B01:00")
                            .get("total")
                            .intValue())
                    .isEqualTo(
                            ChangingItems.updatedAfter(ChangingItems.at(SIZE, 1), Instant.parse("2025-12-31T23:30:00Z"))
                                    .size());
            assertThat(client.getJson("/changing/items?updated_after=1970-01-01T00:00:00Z")
                            .get("total")
                            .intValue())
                    .isEqualTo(SIZE);
        }
    }

    @Nested
    class BadRequests {

        @Test
        void anUnparsableCursorLimitOrSkipIsA400WithAJsonError() {
            for (String query : List.of(
                    "updated_after=yesterday",
                    "updated_after=2026-01-01",
                    "limit=ten",
                    "skip=-1",
                    "delay_ms=-1",
                    "delay_ms=10001")) {
                HttpResponse<String> response = client.get("/changing/items?" + query);

                assertThat(response.statusCode()).as(query).isEqualTo(400);
                assertThat(UpstreamClient.json(response).get("error").stringValue())
                        .as(query)
                        .contains(query.substring(0, query.indexOf('=')));
            }
        }
    }

    @Nested
    class Delay {

        @Test
        void answersNoSoonerThanDelayMsWithTheSamePage() {
            long start = System.nanoTime();
            JsonNode page = client.getJson("/changing/items?limit=5&delay_ms=300");
            long tookMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(tookMs).as("a lower bound only: the wait itself").isGreaterThanOrEqualTo(300);
            assertThat(ids(page)).isEqualTo(ids(ChangingItems.at(SIZE, 0).subList(0, 5)));
        }
    }

    @Nested
    class Generations {

        @Test
        void startsAtZeroAndEachAdvanceMovesOneOn() {
            assertThat(client.getJson("/changing/generation").get("generation").intValue())
                    .isZero();

            assertThat(UpstreamClient.json(post("/changing/advance"))
                            .get("generation")
                            .intValue())
                    .isEqualTo(1);
            assertThat(UpstreamClient.json(post("/changing/advance"))
                            .get("generation")
                            .intValue())
                    .isEqualTo(2);
            assertThat(client.getJson("/changing/generation").get("generation").intValue())
                    .isEqualTo(2);
            assertThat(upstream.changingItems().generation()).isEqualTo(2);
        }

        @Test
        void theItemsServedAreThoseOfTheCurrentGeneration() {
            advance(4);

            assertThat(ids(client.getJson("/changing/items?limit=0"))).isEqualTo(ids(ChangingItems.at(SIZE, 4)));
            upstream.changingItems().advance();
            assertThat(ids(client.getJson("/changing/items?limit=0"))).isEqualTo(ids(ChangingItems.at(SIZE, 5)));
        }

        @Test
        void advanceIsPostOnlyAndTheRestGetOnly() {
            HttpResponse<String> getAdvance = client.get("/changing/advance");
            HttpResponse<String> postItems = post("/changing/items");

            assertThat(getAdvance.statusCode()).isEqualTo(405);
            assertThat(getAdvance.headers().firstValue("Allow")).hasValue("POST");
            assertThat(postItems.statusCode()).isEqualTo(405);
            assertThat(postItems.headers().firstValue("Allow")).hasValue("GET");
            assertThat(upstream.changingItems().generation()).isZero();
        }
    }

    private void advance(int times) {
        for (int i = 0; i < times; i++) {
            assertThat(post("/changing/advance").statusCode()).isEqualTo(200);
        }
    }

    private HttpResponse<String> post(String path) {
        return client.send(HttpRequest.newBuilder(URI.create(upstream.baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    }

    private static List<Integer> ids(JsonNode page) {
        return UpstreamClient.ids(page.get("items"));
    }

    private static List<Integer> ids(List<ChangingItem> items) {
        return items.stream().map(ChangingItem::id).toList();
    }
}
