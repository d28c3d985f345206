package dev.pipeline.fetcher.source;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * How a source pages. Each kind reads only the parameters it names; where the first page tells
 * the total, the remaining pages are fetched concurrently.
 *
 * @param kind        none, page-number, offset-limit, cursor, link-header or template
 * @param pageParam   page-number: the page query parameter ({@code page})
 * @param firstPage   page-number: the first page's number (1)
 * @param offsetParam offset-limit: the offset query parameter ({@code skip})
 * @param sizeParam   the page size query parameter ({@code limit} for offset-limit)
 * @param pageSize    items asked for per page; 0 sends no size parameter
 * @param total       offset-limit: JSON pointer to the total item count, when the source tells it
 * @param totalPages  page-number: JSON pointer to the page count, when the source tells it
 * @param cursor      cursor: JSON pointer to the next cursor — a token, or the next page's URL
 * @param cursorParam cursor: the query parameter a token is sent in ({@code cursor})
 * @param maxPages    a cap on the pages fetched per run
 */
public record Pagination(
        Kind kind,
        String pageParam,
        @Min(0) int firstPage,
        String offsetParam,
        String sizeParam,
        @Min(0) @Max(10_000) int pageSize,
        String total,
        String totalPages,
        String cursor,
        String cursorParam,
        @Min(0) int maxPages) {

    public static final Pagination NONE = new Pagination(Kind.NONE, null, 0, null, null, 0, null, null, null, null, 0);

    /**
     * {@code TEMPLATE} is the original's paging: {@code {page}} in the URL counts from 1,
     * {@code {skip}} advances by the items the previous page returned, and an empty page ends it.
     */
    public enum Kind {
        NONE,
        PAGE_NUMBER,
        OFFSET_LIMIT,
        CURSOR,
        LINK_HEADER,
        TEMPLATE
    }

    public Pagination {
        kind = kind == null ? Kind.NONE : kind;
        pageParam = pageParam == null ? "page" : pageParam;
        firstPage = kind == Kind.PAGE_NUMBER && firstPage == 0 ? 1 : firstPage;
        offsetParam = offsetParam == null ? "skip" : offsetParam;
        sizeParam = sizeParam == null ? (kind == Kind.OFFSET_LIMIT ? "limit" : "") : sizeParam;
        cursorParam = cursorParam == null ? "cursor" : cursorParam;
        maxPages = maxPages == 0 ? 100_000 : maxPages;
    }

    public static Pagination of(Kind kind) {
        return new Pagination(kind, null, 0, null, null, 0, null, null, null, null, 0);
    }

    @AssertTrue(message = "offset-limit pagination needs a page-size")
    public boolean isPageSizeSetForOffsets() {
        return kind != Kind.OFFSET_LIMIT || pageSize > 0;
    }

    @AssertTrue(message = "cursor pagination needs a cursor pointer, such as /next")
    public boolean isCursorSetForCursors() {
        return kind != Kind.CURSOR || (cursor != null && cursor.startsWith("/"));
    }
}
