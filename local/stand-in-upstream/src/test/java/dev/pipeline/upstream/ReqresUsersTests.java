package dev.pipeline.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ReqresUsersTests {

    private static final Settings SETTINGS = Settings.defaults();
    private static final Catalog CATALOG = new Catalog(SETTINGS.size(), SETTINGS.seed());
    private static final String[] KEY = {"x-api-key", "reqres-free-v1"};

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
    class ApiKey {

        @Test
        void missingKeyIsUnauthorized() {
            HttpResponse<String> response = client.get("/reqres/api/users");

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).isEqualTo("{\"error\":\"Missing API key\"}");
        }

        @Test
        void wrongKeyIsUnauthorized() {
            assertThat(client.get("/reqres/api/users", "x-api-key", "guess").statusCode())
                    .isEqualTo(401);
        }

        @Test
        void noKeyIsNeededWhenNoneIsConfigured() {
            try (StandInUpstream open = StandInUpstream.start(0, new Settings(CatalogSize.defaults(), 42, null))) {
                assertThat(new UpstreamClient(open).get("/reqres/api/users").statusCode())
                        .isEqualTo(200);
            }
        }
    }

    @Nested
    class Paging {

        @Test
        void firstPageHoldsSixOfTwelve() {
            JsonNode page = client.getJson("/reqres/api/users", KEY);

            assertThat(page.propertyNames())
                    .containsExactly("page", "per_page", "total", "total_pages", "data", "support");
            assertThat(page.get("page").intValue()).isEqualTo(1);
            assertThat(page.get("per_page").intValue()).isEqualTo(6);
            assertThat(page.get("total").intValue()).isEqualTo(12);
            assertThat(page.get("total_pages").intValue()).isEqualTo(2);
            assertThat(UpstreamClient.ids(page.get("data"))).containsExactly(1, 2, 3, 4, 5, 6);
        }

        @Test
        void secondPageHoldsTheRest() {
            JsonNode page = client.getJson("/reqres/api/users?page=2", KEY);

            assertThat(UpstreamClient.ids(page.get("data"))).containsExactly(7, 8, 9, 10, 11, 12);
        }

        @Test
        void perPageChangesTheNumberOfPages() {
            JsonNode page = client.getJson("/reqres/api/users?page=3&per_page=5", KEY);

            assertThat(page.get("total_pages").intValue()).isEqualTo(3);
            assertThat(UpstreamClient.ids(page.get("data"))).containsExactly(11, 12);
        }

        @Test
        void pagePastTheEndHasNoData() {
            JsonNode page = client.getJson("/reqres/api/users?page=3", KEY);

            assertThat(page.get("page").intValue()).isEqualTo(3);
            assertThat(page.get("data").size()).isZero();
            assertThat(page.get("total_pages").intValue()).isEqualTo(2);
        }

        @Test
        void usersAreTheCatalogueUsersInSnakeCase() {
            JsonNode user =
                    client.getJson("/reqres/api/users?page=2", KEY).get("data").get(0);

            assertThat(user.propertyNames()).containsExactly("id", "email", "first_name", "last_name", "avatar");
            assertThat(UpstreamClient.JSON.treeToValue(user, GeneratedUser.class))
                    .isEqualTo(CATALOG.user(7));
        }

        @Test
        void perPageZeroIsRefused() {
            assertThat(client.get("/reqres/api/users?per_page=0", KEY).statusCode())
                    .isEqualTo(400);
        }
    }
}
