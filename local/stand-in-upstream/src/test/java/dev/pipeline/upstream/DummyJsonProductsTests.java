package dev.pipeline.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

class DummyJsonProductsTests {

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
    class Paging {

        @Test
        void defaultsToThirtyFromTheStart() {
            JsonNode page = client.getJson("/dummyjson/products");

            assertThat(ids(page)).isEqualTo(range(1, 30));
            assertThat(page.get("total").intValue()).isEqualTo(194);
            assertThat(page.get("skip").intValue()).isZero();
            assertThat(page.get("limit").intValue()).isEqualTo(30);
        }

        @Test
        void servesTheRequestedSlice() {
            JsonNode page = client.getJson("/dummyjson/products?limit=10&skip=20");

            assertThat(ids(page)).isEqualTo(range(21, 30));
            assertThat(page.get("skip").intValue()).isEqualTo(20);
            assertThat(page.get("limit").intValue()).isEqualTo(10);
        }

        @Test
        void lastPageIsShortAndSaysSoInLimit() {
            JsonNode page = client.getJson("/dummyjson/products?limit=30&skip=180");

            assertThat(ids(page)).isEqualTo(range(181, 194));
            assertThat(page.get("limit").intValue()).isEqualTo(14);
            assertThat(page.get("total").intValue()).isEqualTo(194);
        }

        @Test
        void skipPastTheEndGivesNoProducts() {
            JsonNode page = client.getJson("/dummyjson/products?limit=30&skip=500");

            assertThat(page.get("products").isArray()).isTrue();
            assertThat(page.get("products").size()).isZero();
            assertThat(page.get("total").intValue()).isEqualTo(194);
            assertThat(page.get("skip").intValue()).isEqualTo(500);
            assertThat(page.get("limit").intValue()).isZero();
        }

        @Test
        void limitZeroMeansEverything() {
            JsonNode page = client.getJson("/dummyjson/products?limit=0");

            assertThat(ids(page)).isEqualTo(range(1, 194));
            assertThat(page.get("limit").intValue()).isEqualTo(194);
        }

        @Test
        void limitIsCappedAtAThousand() {
            try (StandInUpstream big = StandInUpstream.start(0, SETTINGS.withSize(new CatalogSize(2_500, 1, 1)))) {
                JsonNode page = new UpstreamClient(big).getJson("/dummyjson/products?limit=5000&skip=100");

                assertThat(ids(page)).isEqualTo(range(101, 1_100));
                assertThat(page.get("limit").intValue()).isEqualTo(1_000);
            }
        }
    }

    @Nested
    class Products {

        @Test
        void areTheCatalogueProductsInDummyJsonFieldNames() {
            JsonNode products = client.getJson("/dummyjson/products?limit=0").get("products");

            for (JsonNode product : products) {
                GeneratedProduct parsed = UpstreamClient.JSON.treeToValue(product, GeneratedProduct.class);
                assertThat(parsed).isEqualTo(CATALOG.product(parsed.id()));
            }
        }

        @Test
        void leaveBrandOutWhenThereIsNone() {
            JsonNode products =
                    client.getJson("/dummyjson/products?limit=2&skip=23").get("products");

            assertThat(products.get(0).has("brand")).isTrue();
            assertThat(products.get(1).get("id").intValue()).isEqualTo(25);
            assertThat(products.get(1).has("brand")).isFalse();
            assertThat(products.get(1).propertyNames())
                    .containsExactly(
                            "id",
                            "title",
                            "description",
                            "category",
                            "price",
                            "discountPercentage",
                            "rating",
                            "stock",
                            "sku",
                            "tags",
                            "dimensions");
        }

        @Test
        void weighAFewHundredBytesEach() {
            JsonNode products = client.getJson("/dummyjson/products?limit=0").get("products");

            for (JsonNode product : products) {
                assertThat(UpstreamClient.JSON.writeValueAsString(product).length())
                        .isBetween(300, 600);
            }
        }

        @Test
        void comeAsJson() {
            HttpResponse<String> response = client.get("/dummyjson/products?limit=1");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        }
    }

    @Nested
    class BadParameters {

        @Test
        void aLimitThatIsNotANumberIsRefused() {
            HttpResponse<String> response = client.get("/dummyjson/products?limit=ten");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(UpstreamClient.json(response).get("error").stringValue()).contains("limit");
        }

        @Test
        void aNegativeSkipIsRefused() {
            assertThat(client.get("/dummyjson/products?skip=-1").statusCode()).isEqualTo(400);
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void aMillionProductCatalogueServesItsLastPageWithoutBuildingTheRest() {
        try (StandInUpstream million =
                StandInUpstream.start(0, SETTINGS.withSize(new CatalogSize(1_000_000, 100, 12)))) {
            JsonNode page = new UpstreamClient(million).getJson("/dummyjson/products?limit=100&skip=999900");

            assertThat(ids(page)).isEqualTo(range(999_901, 1_000_000));
            assertThat(page.get("total").intValue()).isEqualTo(1_000_000);
            assertThat(page.get("limit").intValue()).isEqualTo(100);
        }
    }

    private static List<Integer> ids(JsonNode page) {
        return UpstreamClient.ids(page.get("products"));
    }

    private static List<Integer> range(int first, int last) {
        return IntStream.rangeClosed(first, last).boxed().toList();
    }
}
