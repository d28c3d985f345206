package dev.pipeline.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code --prerender}: the same bytes and headers as rendering on request, for every page asked for. */
class PrerenderedPagesTests {

    private static final Settings SETTINGS = Settings.defaults().withSize(new CatalogSize(1_050, 0, 0, 30));

    private static StandInUpstream rendering;
    private static StandInUpstream prerendered;

    @BeforeAll
    static void start() {
        rendering = StandInUpstream.start(StandInUpstream.HOST, 0, SETTINGS, 0);
        prerendered = StandInUpstream.start(StandInUpstream.HOST, 0, SETTINGS, 100);
    }

    @AfterAll
    static void stop() {
        rendering.close();
        prerendered.close();
    }

    @Test
    void servesEveryPageAsTheEndpointWouldRenderIt() {
        List<String> asked = List.of(
                "/dummyjson/products?limit=100&skip=0",
                "/dummyjson/products?limit=100&skip=500",
                "/dummyjson/products?skip=1000&limit=100", // the short last page
                "/dummyjson/products?limit=100&skip=1100", // past the end: empty, rendered on request
                "/dummyjson/products?limit=30&skip=0", // another page size: rendered on request
                "/dummyjson/products?limit=100&skip=50", // not on a page boundary
                "/seed/items?page=1",
                "/seed/items?page=30",
                "/seed/items?page=31");
        for (String path : asked) {
            HttpResponse<String> expected = new UpstreamClient(rendering).get(path);
            HttpResponse<String> actual = new UpstreamClient(prerendered).get(path);
            assertThat(actual.statusCode()).as(path).isEqualTo(expected.statusCode());
            assertThat(actual.body()).as(path).isEqualTo(expected.body());
            assertThat(actual.headers().firstValue("Content-Type"))
                    .as(path)
                    .isEqualTo(expected.headers().firstValue("Content-Type"));
            assertThat(actual.headers().firstValue("Content-Length"))
                    .as(path)
                    .isEqualTo(expected.headers().firstValue("Content-Length"));
        }
    }

    @Test
    void aBadQueryIsStillABadRequest() {
        assertThat(new UpstreamClient(prerendered)
                        .get("/dummyjson/products?limit=x")
                        .statusCode())
                .isEqualTo(new UpstreamClient(rendering)
                        .get("/dummyjson/products?limit=x")
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void holdsEveryPageRendered() {
        Catalog catalog = new Catalog(SETTINGS.size(), SETTINGS.seed());
        DummyJsonProducts products = new DummyJsonProducts(catalog);
        PrerenderedPages pages = PrerenderedPages.of(products, 11, page -> products.page(100, page * 100), q -> {
            throw new AssertionError("not asked");
        });

        assertThat(pages.pages()).isEqualTo(11);
        assertThat(pages.page(3)).hasValue(JsonResponses.render(products.page(100, 300)));
        assertThat(pages.page(11)).isEmpty();
    }
}
