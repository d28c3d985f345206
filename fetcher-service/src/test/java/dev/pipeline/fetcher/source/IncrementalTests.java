package dev.pipeline.fetcher.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.Cursors;
import dev.pipeline.fetcher.fetch.PagePlanner;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code incremental:}: which cursor a run starts from, the URLs it sends it in, and what is refused, naming the field. */
class IncrementalTests {

    private static final Validator VALIDATOR =
            Validation.buildDefaultValidatorFactory().getValidator();

    private static Incremental incremental(String parameter, String start, String lookback, String end) {
        return new Incremental(
                "/updatedAt", parameter, start, lookback, end, end == null ? null : "updated_before", null);
    }

    private static SourceDefinition source(String url, Incremental incremental) {
        return Sources.named("shop", url)
                .query(Map.of("sort", "updatedAt"))
                .items("/items")
                .pagination(new Pagination(
                        Pagination.Kind.OFFSET_LIMIT, null, 0, null, null, 50, "/total", null, null, null, 0))
                .incremental(incremental)
                .build();
    }

    private static Set<String> violations(Object bean) {
        return VALIDATOR.validate(bean).stream()
                .map(ConstraintViolation::getMessage)
                .collect(Collectors.toSet());
    }

    @Test
    void aRunStartsFromTheStoredCursorLessTheLookbackOrFromStart() {
        Incremental instants = incremental("updated_after", "2026-01-01T00:00:00Z", "PT1H", null);
        assertThat(instants.from("2026-03-01T10:00:00Z")).isEqualTo("2026-03-01T09:00:00Z");
        assertThat(instants.from(null)).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(instants.kind()).isEqualTo(Cursors.Kind.INSTANT);

        Incremental numbers = incremental("since_id", null, "10", null);
        assertThat(numbers.from("105")).isEqualTo("95");
        assertThat(numbers.from(null)).as("no start: from the beginning").isNull();
        assertThat(numbers.kind()).isEqualTo(Cursors.Kind.NUMBER);

        Incremental text = incremental("after", null, null, null);
        assertThat(text.from("abc")).isEqualTo("abc");
        assertThat(text.kind()).isEqualTo(Cursors.Kind.TEXT);
    }

    @Test
    void everyPageOfTheRunCarriesTheCursorAndTheEndAndNoneWithoutACursor() {
        SourceDefinition source =
                source("https://api.example/items", incremental("updated_after", null, "PT1H", "2026-06-01T00:00:00Z"));

        PagePlanner planner = PagePlanner.of(source.fromCursor("2026-03-01T09:00:00Z"));
        assertThat(planner.first().getQuery())
                .contains(
                        "updated_after=2026-03-01T09:00:00Z", "updated_before=2026-06-01T00:00:00Z", "sort=updatedAt");
        assertThat(planner.first().getQuery()).contains("skip=0", "limit=50");

        PagePlanner fromTheBeginning = PagePlanner.of(source.fromCursor(null));
        assertThat(fromTheBeginning.first().getQuery())
                .doesNotContain("updated_after")
                .contains("updated_before=2026-06-01T00:00:00Z");
    }

    @Test
    void aCursorVariableInTheUrlIsReplacedEncoded() {
        SourceDefinition source =
                source("https://api.example/items/since/{cursor}", incremental(null, "0", null, null));
        assertThat(violations(source)).isEmpty();
        assertThat(PagePlanner.of(source.fromCursor("a b+c")).first().toString())
                .startsWith("https://api.example/items/since/a%20b%2Bc?");
        assertThat(PagePlanner.of(source).isOwn(java.net.URI.create("https://api.example/items/since/1")))
                .isTrue();
    }

    @Test
    void aSourceThatIsNotIncrementalIsFetchedAsBefore() {
        SourceDefinition source = source("https://api.example/items", null);
        assertThat(source.fromCursor("2026-01-01T00:00:00Z")).isSameAs(source);
        assertThat(source.isIncremental()).isFalse();
    }

    @Test
    void theCursorGoesInExactlyOnePlace() {
        assertThat(violations(source("https://api.example/items", incremental(null, null, null, null))))
                .contains("incremental needs exactly one of incremental.parameter (a query parameter), {cursor} in"
                        + " the url or {cursor} in the body (or graphql.variables)");
        assertThat(violations(
                        source("https://api.example/items/{cursor}", incremental("updated_after", "0", null, null))))
                .contains("incremental needs exactly one of incremental.parameter (a query parameter), {cursor} in"
                        + " the url or {cursor} in the body (or graphql.variables)");
        assertThat(violations(source("https://api.example/items/{cursor}", incremental(null, null, null, null))))
                .contains("{cursor} in the url or body needs incremental.start: the first run has no cursor to send"
                        + " otherwise");
    }

    @Test
    void lookbackStartEndAndStepAreChecked() {
        assertThat(violations(incremental("p", null, "an hour", null)))
                .containsExactly("incremental.lookback must be an ISO-8601 duration (PT1H) or a number of 0 or more");
        assertThat(violations(incremental("p", null, "-5", null)))
                .containsExactly("incremental.lookback must be an ISO-8601 duration (PT1H) or a number of 0 or more");
        assertThat(violations(incremental("p", "5", "PT1H", null)))
                .containsExactly("incremental.start and incremental.end must be of the lookback's kind: instants"
                        + " (2026-01-01T00:00:00Z) with a duration, numbers with a number");
        assertThat(violations(incremental("p", "2026-02-01T00:00:00Z", "PT1H", "2026-01-01T00:00:00Z")))
                .containsExactly("incremental.end must not be before incremental.start");
        assertThat(violations(new Incremental("/updatedAt", "p", null, null, "2026-01-01T00:00:00Z", null, null)))
                .containsExactly("incremental.end needs incremental.end-parameter, the query parameter it is sent in");
        assertThat(violations(new Incremental("/updatedAt", "p", "2026-01-01T00:00:00Z", null, null, null, "P1D")))
                .containsExactly("incremental.step needs incremental.end: the windows of a backfill end there");
        assertThat(violations(new Incremental("updatedAt", "p", null, null, null, null, null)))
                .containsExactly("incremental.cursor-field must be a JSON pointer such as /updatedAt");
        assertThat(violations(incremental("p", "2026-01-01T00:00:00Z", "PT1H", "2026-06-01T00:00:00Z")))
                .isEmpty();
    }

    private static Incremental windowed(String start, String lookback, String end, String step, int maxWindows) {
        return new Incremental("/updatedAt", "updated_after", start, lookback, end, "updated_before", step, maxWindows);
    }

    @Test
    void aStepIsCheckedNamingTheField() {
        String start = "2026-01-01T00:00:00Z";
        String end = "2026-01-10T00:00:00Z";
        assertThat(violations(windowed(start, null, end, "P1D", 100))).isEmpty();
        assertThat(violations(windowed(null, null, end, "P1D", 100)))
                .containsExactly("incremental.step needs incremental.start: the first run's first window begins there");
        for (String notPositive : List.of("PT0S", "-P1D", "a day")) {
            assertThat(violations(windowed(start, null, end, notPositive, 100)))
                    .as(notPositive)
                    .containsExactly("incremental.step must be a positive ISO-8601 duration (P1D, PT6H): date"
                            + " windows are for instant cursors only");
        }
        assertThat(violations(windowed("100", null, "500", "P1D", 100)))
                .containsExactly("incremental.step needs an instant cursor: incremental.start and incremental.end"
                        + " as instants (2026-01-01T00:00:00Z); a numeric step is not supported");
        assertThat(violations(windowed("100", null, "500", "50", 100)))
                .as("a numeric step for a numeric cursor")
                .contains("incremental.step must be a positive ISO-8601 duration (P1D, PT6H): date windows are for"
                        + " instant cursors only");
        assertThat(violations(windowed(start, null, end, "P1D", 0)))
                .containsExactly("incremental.max-windows must be at least 1");
        assertThat(violations(windowed(start, "P3D", end, "P1D", 3)))
                .containsExactly(
                        "incremental.lookback must be shorter than incremental.step times incremental.max-windows");
        assertThat(violations(windowed(start, "P2D", end, "P1D", 3))).isEmpty();
    }

    @Test
    void windowsTileTheRangeTheLastClippedToEnd() {
        Incremental backfill = windowed("2026-01-01T00:00:00Z", null, "2026-01-03T12:00:00Z", "P1D", 100);
        assertThat(backfill.windows("2026-01-01T00:00:00Z"))
                .containsExactly(
                        new Incremental.Window(0, "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"),
                        new Incremental.Window(1, "2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z"),
                        new Incremental.Window(2, "2026-01-03T00:00:00Z", "2026-01-03T12:00:00Z"));
        assertThat(backfill.windows("2026-01-02T00:00:00Z"))
                .as("an exact fit: no empty window at the end")
                .containsExactly(
                        new Incremental.Window(0, "2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z"),
                        new Incremental.Window(1, "2026-01-03T00:00:00Z", "2026-01-03T12:00:00Z"));
        assertThat(backfill.windows("2026-01-03T12:00:00Z"))
                .as("the backfill is done: one window, so the source still has a first task")
                .containsExactly(new Incremental.Window(0, "2026-01-03T12:00:00Z", "2026-01-03T12:00:00Z"));
        assertThat(incremental("p", null, null, null).windows("2026-01-01T00:00:00Z"))
                .as("not windowed")
                .isEmpty();
    }

    @Test
    void windowsPastMaxWindowsWaitForTheNextRun() {
        Incremental tiny = windowed("2026-01-01T00:00:00Z", null, "2027-01-01T00:00:00Z", "PT1S", 100);
        List<Incremental.Window> windows = tiny.windows("2026-01-01T00:00:00Z");
        assertThat(windows).hasSize(100);
        assertThat(windows.getLast())
                .isEqualTo(new Incremental.Window(99, "2026-01-01T00:01:39Z", "2026-01-01T00:01:40Z"));
        assertThat(windows.stream().map(Incremental.Window::index).distinct()).hasSize(100);
        assertThat(tiny.maxWindows()).as("the default").isEqualTo(100);
        assertThat(new Incremental("/u", "p", null, null, null, null, null).maxWindows())
                .isEqualTo(100);
    }

    @Test
    void aWindowsRequestsCarryItsBounds() {
        SourceDefinition source = source(
                "https://api.example/items",
                windowed("2026-01-01T00:00:00Z", null, "2026-01-03T00:00:00Z", "P1D", 100));
        assertThat(PagePlanner.of(source.inWindow("2026-01-02T00:00:00Z", "2026-01-02T12:00:00Z"))
                        .first()
                        .getQuery())
                .as("a window inside the backfill asks a second past its end: a boundary item is in one window or two")
                .contains("updated_after=2026-01-02T00:00:00Z", "updated_before=2026-01-02T12:00:01Z");
        assertThat(PagePlanner.of(source.inWindow("2026-01-02T12:00:00Z", "2026-01-03T00:00:00Z"))
                        .first()
                        .getQuery())
                .as("the last window asks up to the backfill's end, as given")
                .contains("updated_before=2026-01-03T00:00:00Z");
        assertThat(PagePlanner.of(source.fromCursor("2026-01-02T00:00:00Z"))
                        .first()
                        .getQuery())
                .as("without a window: the backfill's end")
                .contains("updated_before=2026-01-03T00:00:00Z");
    }
}
