package dev.pipeline.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The seed workload: {@code --seed-pages N} pages of 1 to 10 items at {@code /seed/items}. */
class SeedItemsTests {

    private static final int PAGES = 1000;

    private static StandInUpstream upstream;
    private static UpstreamClient client;

    @BeforeAll
    static void start() {
        upstream = StandInUpstream.start(0, Settings.defaults().withSize(new CatalogSize(194, 100, 12, PAGES)));
        client = new UpstreamClient(upstream);
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    @Test
    void servesThePagesWithOneToTenItemsEachAndUniqueIds() {
        Catalog catalog = new Catalog(new CatalogSize(0, 0, 0, PAGES), Settings.DEFAULT_SEED);
        Set<Integer> ids = new HashSet<>();
        List<Integer> sizes = new ArrayList<>();
        for (int page = 1; page <= PAGES; page += 111) {
            JsonNode body = client.getJson("/seed/items?page=" + page);
            assertThat(body.get("page").intValue()).isEqualTo(page);
            assertThat(body.get("total_pages").intValue()).isEqualTo(PAGES);
            assertThat(body.get("items").size())
                    .isEqualTo(catalog.seedItemsOn(page))
                    .isBetween(1, 10);
            body.get("items").forEach(item -> {
                assertThat(item.propertyNames()).containsExactly("id", "title", "price", "category");
                assertThat(ids.add(item.get("id").intValue())).isTrue();
            });
            sizes.add(body.get("items").size());
        }
        assertThat(new HashSet<>(sizes)).hasSizeGreaterThan(1);
    }

    @Test
    void isTheSameForTheSameSeedAndAddsUpToAboutFiveAndAHalfThousandItems() {
        Catalog one = new Catalog(new CatalogSize(0, 0, 0, PAGES), 7);
        Catalog two = new Catalog(new CatalogSize(0, 0, 0, PAGES), 7);

        assertThat(one.seedItem(500, 1)).isEqualTo(two.seedItem(500, 1));
        assertThat(one.seedItems()).isEqualTo(two.seedItems()).isBetween(5_000L, 6_000L);
    }

    @Test
    void pagesPastTheLastAreEmpty() {
        assertThat(client.getJson("/seed/items?page=" + (PAGES + 1))
                        .get("items")
                        .size())
                .isZero();
    }

    @Test
    void isOffUnlessAskedFor() {
        try (StandInUpstream plain = StandInUpstream.start(0, Settings.defaults())) {
            assertThat(new UpstreamClient(plain).get("/seed/items?page=1").statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    void theFlagSetsThePageCount() {
        assertThat(LaunchOptions.parse("--seed-pages", "1000").settings().size().seedPages())
                .isEqualTo(1000);
        assertThat(LaunchOptions.parse().settings().size().seedPages()).isZero();
    }
}
