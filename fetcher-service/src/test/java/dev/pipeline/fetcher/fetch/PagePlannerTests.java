package dev.pipeline.fetcher.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pipeline.common.ErrorKind;
import dev.pipeline.fetcher.source.Auth;
import dev.pipeline.fetcher.source.Pagination;
import dev.pipeline.fetcher.source.Pagination.Kind;
import dev.pipeline.fetcher.source.SourceDefinition;
import dev.pipeline.fetcher.source.Sources;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class PagePlannerTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static PagePlanner planner(Pagination pagination) {
        return PagePlanner.of(SourceDefinition.of("s", "http://h:1/items?sort=id", "/items", pagination));
    }

    private static Page page(String uri, String body, Map<String, List<String>> headers) {
        return new Page(URI.create(uri), JSON.readTree(body), HttpHeaders.of(headers, (a, b) -> true), 1);
    }

    @Test
    void offsetLimitFetchesEveryRemainingPageAtOnceWhenTheTotalIsKnown() {
        PagePlanner planner =
                planner(new Pagination(Kind.OFFSET_LIMIT, null, 0, "skip", "limit", 20, "/total", null, null, null, 0));
        assertThat(planner.first()).hasToString("http://h:1/items?sort=id&limit=20&skip=0");
        var remaining = planner.remainingAfterFirst(page("http://h:1/items", "{\"total\":65}", Map.of()), 20);
        assertThat(remaining.orElseThrow())
                .containsExactly(
                        URI.create("http://h:1/items?sort=id&limit=20&skip=20"),
                        URI.create("http://h:1/items?sort=id&limit=20&skip=40"),
                        URI.create("http://h:1/items?sort=id&limit=20&skip=60"));
    }

    @Test
    void offsetLimitStepsByWhatTheServerGaveWhenItCapsThePageSize() {
        PagePlanner planner =
                planner(new Pagination(Kind.OFFSET_LIMIT, null, 0, "skip", "limit", 50, "/total", null, null, null, 0));
        var remaining = planner.remainingAfterFirst(page("http://h:1/items", "{\"total\":25}", Map.of()), 10);
        assertThat(remaining.orElseThrow())
                .extracting(URI::toString)
                .containsExactly(
                        "http://h:1/items?sort=id&limit=10&skip=10", "http://h:1/items?sort=id&limit=10&skip=20");
    }

    @Test
    void offsetLimitWithoutATotalStopsAtAShortPage() {
        PagePlanner planner =
                planner(new Pagination(Kind.OFFSET_LIMIT, null, 0, "skip", "limit", 20, null, null, null, null, 0));
        Page full = page("http://h:1/items", "{}", Map.of());
        assertThat(planner.remainingAfterFirst(full, 20)).isEmpty();
        assertThat(planner.next(full, 0, 20, 0)).contains(URI.create("http://h:1/items?sort=id&limit=20&skip=20"));
        assertThat(planner.next(full, 1, 7, 0)).isEmpty();
    }

    @Test
    void pageNumberUsesTheTotalPages() {
        PagePlanner planner = planner(
                new Pagination(Kind.PAGE_NUMBER, "page", 0, null, null, 0, null, "/total_pages", null, null, 0));
        assertThat(planner.first()).hasToString("http://h:1/items?sort=id&page=1");
        assertThat(planner.remainingAfterFirst(page("http://h:1/items", "{\"total_pages\":3}", Map.of()), 6)
                        .orElseThrow())
                .extracting(URI::toString)
                .containsExactly("http://h:1/items?sort=id&page=2", "http://h:1/items?sort=id&page=3");
    }

    @Test
    void pageNumberWithoutATotalStopsAtAnEmptyPage() {
        PagePlanner planner =
                planner(new Pagination(Kind.PAGE_NUMBER, "p", 0, null, null, 0, null, null, null, null, 0));
        Page any = page("http://h:1/items", "{}", Map.of());
        assertThat(planner.next(any, 0, 6, 0)).contains(URI.create("http://h:1/items?sort=id&p=2"));
        assertThat(planner.next(any, 1, 0, 0)).isEmpty();
    }

    @Test
    void thePageCapStopsEveryKind() {
        PagePlanner planner = planner(
                new Pagination(Kind.PAGE_NUMBER, "page", 0, null, null, 0, null, "/total_pages", null, null, 2));
        assertThat(planner.remainingAfterFirst(page("http://h:1/items", "{\"total_pages\":50}", Map.of()), 6)
                        .orElseThrow())
                .hasSize(1);
        assertThat(planner.next(page("http://h:1/items", "{}", Map.of()), 1, 6, 0))
                .isEmpty();
    }

    @Test
    void theCapIsSaidToCutOnlyWhenPagesPastItExist() {
        PagePlanner total =
                planner(new Pagination(Kind.OFFSET_LIMIT, null, 0, "skip", "limit", 2, "/total", null, null, null, 2));
        assertThat(total.capCutsAfterFirst(page("http://h:1/items", "{\"total\":5}", Map.of()), 2))
                .as("5 items, 2 pages of 2 allowed")
                .isTrue();
        assertThat(total.capCutsAfterFirst(page("http://h:1/items", "{\"total\":4}", Map.of()), 2))
                .as("4 items: both pages fetched")
                .isFalse();

        PagePlanner walk =
                planner(new Pagination(Kind.OFFSET_LIMIT, null, 0, "skip", "limit", 2, null, null, null, null, 1));
        Page any = page("http://h:1/items", "{}", Map.of());
        assertThat(walk.capStopsAfter(any, 0, 2, 2))
                .as("a full page at the cap: a next one was due")
                .isTrue();
        assertThat(walk.capStopsAfter(any, 0, 1, 1))
                .as("a short page: the last anyway")
                .isFalse();
        PagePlanner below =
                planner(new Pagination(Kind.OFFSET_LIMIT, null, 0, "skip", "limit", 2, null, null, null, null, 3));
        assertThat(below.capStopsAfter(any, 0, 2, 2)).as("below the cap").isFalse();
    }

    @Test
    void linkHeaderFollowsRelNextOnTheSameOriginOnly() {
        PagePlanner planner = planner(Pagination.of(Kind.LINK_HEADER));
        Page withNext = page(
                "http://h:1/items?_page=1",
                "[]",
                Map.of(
                        "Link",
                        List.of(
                                "<http://h:1/items?_page=1>; rel=\"first\", <http://h:1/items?_page=2>; rel=\"next\", <http://h:1/items?_page=9>; rel=\"last\"")));
        assertThat(planner.next(withNext, 0, 10, 0)).contains(URI.create("http://h:1/items?_page=2"));
        Page elsewhere = page(
                "http://h:1/items?_page=1",
                "[]",
                Map.of("Link", List.of("<http://169.254.169.254/latest>; rel=\"next\"")));
        assertThat(planner.next(elsewhere, 0, 10, 0)).isEmpty();
        Page last = page(
                "http://h:1/items?_page=9", "[]", Map.of("Link", List.of("<http://h:1/items?_page=1>; rel=\"first\"")));
        assertThat(planner.next(last, 8, 10, 0)).isEmpty();
    }

    @Test
    void cursorSendsATokenBackOrFollowsANextUrl() {
        PagePlanner planner =
                planner(new Pagination(Kind.CURSOR, null, 0, null, null, 0, null, null, "/next", "after", 0));
        assertThat(planner.next(page("http://h:1/items?sort=id", "{\"next\":\"abc+/=\"}", Map.of()), 0, 5, 5))
                .contains(URI.create("http://h:1/items?sort=id&after=abc%2B%2F%3D"));
        assertThat(planner.next(
                        page("http://h:1/items?sort=id", "{\"next\":\"http://h:1/items?after=x\"}", Map.of()), 0, 5, 5))
                .contains(URI.create("http://h:1/items?after=x"));
        assertThat(planner.next(page("http://h:1/items?sort=id", "{\"next\":null}", Map.of()), 0, 5, 5))
                .isEmpty();
        assertThat(planner.next(page("http://h:1/items?sort=id", "{\"next\":\"http://evil:1/x\"}", Map.of()), 0, 5, 5))
                .isEmpty();
    }

    @Test
    void templateCountsPagesFromOneAndSkipsByTheItemsSoFar() {
        PagePlanner planner = PagePlanner.of(
                SourceDefinition.of("s", "http://h:1/p?page={page}&skip={skip}", "", Pagination.of(Kind.TEMPLATE)));
        assertThat(planner.first()).hasToString("http://h:1/p?page=1&skip=0");
        Page any = page("http://h:1/p", "[]", Map.of());
        assertThat(planner.next(any, 0, 7, 7)).contains(URI.create("http://h:1/p?page=2&skip=7"));
        assertThat(planner.next(any, 1, 3, 10)).contains(URI.create("http://h:1/p?page=3&skip=10"));
        assertThat(planner.next(any, 2, 0, 10)).isEmpty();
    }

    @Test
    void noPaginationIsOnePage() {
        PagePlanner planner = planner(Pagination.NONE);
        assertThat(planner.first()).hasToString("http://h:1/items?sort=id");
        assertThat(planner.remainingAfterFirst(page("http://h:1/items", "[]", Map.of()), 3))
                .contains(List.of());
    }

    @Test
    void aTotalThatIsNoCountIsUnknownSoPagesFollowOneAnother() {
        PagePlanner pages = planner(
                new Pagination(Kind.PAGE_NUMBER, "page", 0, null, null, 0, null, "/total_pages", null, null, 0));
        for (String total : List.of("1" + "0".repeat(30), "-3", "2.5", "\"3\"")) {
            Page first = page("http://h:1/items", "{\"total_pages\":" + total + "}", Map.of());
            assertThat(pages.remainingAfterFirst(first, 6)).as(total).isEmpty();
            assertThat(pages.next(first, 0, 6, 6)).as(total).contains(URI.create("http://h:1/items?sort=id&page=2"));
        }
        PagePlanner offsets =
                planner(new Pagination(Kind.OFFSET_LIMIT, null, 0, "skip", "limit", 20, "/total", null, null, null, 0));
        assertThat(offsets.remainingAfterFirst(
                        page("http://h:1/items", "{\"total\":1" + "0".repeat(30) + "}", Map.of()), 20))
                .isEmpty();
    }

    @Test
    void theLargestCountThatFitsIsCappedNotOverflowed() {
        PagePlanner planner =
                planner(new Pagination(Kind.OFFSET_LIMIT, null, 0, "skip", "limit", 20, "/total", null, null, null, 3));
        var remaining = planner.remainingAfterFirst(page("http://h:1/items", "{\"total\":2147483647}", Map.of()), 0);
        assertThat(remaining.orElseThrow())
                .extracting(URI::toString)
                .containsExactly(
                        "http://h:1/items?sort=id&limit=20&skip=0", "http://h:1/items?sort=id&limit=20&skip=20");
    }

    @Test
    void aNextCursorOrLinkThatIsNoUrlIsThePagesMalformedPageError() {
        PagePlanner cursor =
                planner(new Pagination(Kind.CURSOR, null, 0, null, null, 0, null, null, "/next", "after", 0));
        Page badCursor = page("http://h:1/items?sort=id", "{\"next\":\"http://exa mple/%zz\"}", Map.of());
        assertThat(catchThrowableOfType(MalformedLinkException.class, () -> cursor.next(badCursor, 0, 5, 5))
                        .failure())
                .isEqualTo(new PageFailure(
                        badCursor.uri(), ErrorKind.MALFORMED_PAGE, "next cursor is not a valid URI", 1));
        PagePlanner link = planner(Pagination.of(Kind.LINK_HEADER));
        Page badLink = page("http://h:1/items", "[]", Map.of("Link", List.of("<::::>; rel=\"next\"")));
        assertThat(catchThrowableOfType(MalformedLinkException.class, () -> link.next(badLink, 0, 5, 5))
                        .failure())
                .isEqualTo(new PageFailure(badLink.uri(), ErrorKind.MALFORMED_PAGE, "next link is not a valid URI", 1));
    }

    @Test
    void noUriItMakesHoldsASecretOfTheSource() {
        SourceDefinition source = Sources.named("s", "http://reader:pw@h:1/items?token=t1&sort=id")
                .query(Map.of("api_key", "k 1"))
                .items("/items")
                .pagination(Pagination.of(Kind.LINK_HEADER))
                .auth(new Auth(Auth.Kind.API_KEY, "key", Auth.In.QUERY, "k2", null))
                .build();
        PagePlanner planner = PagePlanner.of(source);
        assertThat(planner.first()).hasToString("http://h:1/items?sort=id");
        Page echoing = page(
                "http://h:1/items?sort=id",
                "[]",
                Map.of(
                        "Link",
                        List.of(
                                "<http://reader:pw@h:1/items?sort=id&TOKEN=t1&api_key=k%201&key=k2&_page=2&signed=x>; rel=\"next\"")));
        assertThat(planner.next(echoing, 0, 5, 5)).contains(URI.create("http://h:1/items?sort=id&_page=2&signed=x"));
    }

    @Test
    void aTemplateUrlKeepsItsPlaceholdersAndLosesItsSecrets() {
        PagePlanner planner = PagePlanner.of(SourceDefinition.of(
                "s", "http://h:1/p?page={page}&apiKey=k1&skip={skip}", "", Pagination.of(Kind.TEMPLATE)));
        assertThat(planner.first()).hasToString("http://h:1/p?page=1&skip=0");
        assertThat(planner.next(page("http://h:1/p", "[]", Map.of()), 0, 7, 7))
                .contains(URI.create("http://h:1/p?page=2&skip=7"));
    }

    @Test
    void paginationsOwnParametersAreNeverSecrets() {
        PagePlanner planner = PagePlanner.of(SourceDefinition.of(
                "s",
                "http://h:1/items",
                "/items",
                new Pagination(Kind.CURSOR, null, 0, null, null, 0, null, null, "/next", "pageToken", 0)));
        assertThat(planner.next(page("http://h:1/items", "{\"next\":\"abc\"}", Map.of()), 0, 5, 5))
                .contains(URI.create("http://h:1/items?pageToken=abc"));
    }

    private static Pagination cursorWithHasMore() {
        return new Pagination(
                Kind.CURSOR, null, 0, null, null, 0, null, null, "/next", null, 0, null, null, "/has_more");
    }

    @Test
    void hasMoreTrueWithoutACursorIsThePagesMalformedPageNotAnEnd() {
        PagePlanner planner = planner(cursorWithHasMore());
        for (String body : List.of(
                "{\"has_more\":true}", "{\"has_more\":true,\"next\":null}", "{\"has_more\":true,\"next\":\" \"}")) {
            MalformedLinkException error = catchThrowableOfType(
                    MalformedLinkException.class,
                    () -> planner.next(page("http://h:1/items", body, Map.of()), 0, 5, 5));
            assertThat(error).as(body).isNotNull();
            assertThat(error.failure().kind()).isEqualTo(ErrorKind.MALFORMED_PAGE);
            assertThat(error.failure().message()).contains("/has_more is true but there is no next cursor at /next");
        }
        assertThat(planner.next(page("http://h:1/items", "{\"has_more\":false}", Map.of()), 0, 5, 5))
                .as("has-more false without a cursor is the end")
                .isEmpty();
        assertThat(planner(new Pagination(Kind.CURSOR, null, 0, null, null, 0, null, null, "/next", null, 0))
                        .next(page("http://h:1/items", "{}", Map.of()), 0, 5, 5))
                .as("without a has-more flag no cursor is the end")
                .isEmpty();
    }

    @Test
    void aCursorThatIsAnArrayOrAnObjectIsThePagesMalformedPage() {
        for (Pagination pagination : List.of(
                cursorWithHasMore(),
                new Pagination(Kind.CURSOR, null, 0, null, null, 0, null, null, "/next", null, 0))) {
            for (String body :
                    List.of("{\"has_more\":true,\"next\":[1718000000000,\"abc\"]}", "{\"next\":{\"after\":\"x\"}}")) {
                MalformedLinkException error = catchThrowableOfType(
                        MalformedLinkException.class,
                        () -> planner(pagination).next(page("http://h:1/items", body, Map.of()), 0, 5, 5));
                assertThat(error).as(body).isNotNull();
                assertThat(error.failure().kind()).isEqualTo(ErrorKind.MALFORMED_PAGE);
                assertThat(error.failure().message()).contains("the next cursor at /next is an");
            }
        }
    }
}
