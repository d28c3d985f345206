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
 * @param bodyField   for a {@code method: POST} source: JSON pointer to the field of the request body
 *                    the paging value is written to instead of its query parameter — the offset
 *                    (offset-limit), the page number (page-number) or the next cursor token (cursor),
 *                    e.g. {@code /offset} or {@code /variables/after}; absent: the query parameter
 * @param bodySizeField with {@code body-field}: JSON pointer to the body field the page size is
 *                    written to (e.g. {@code /limit}); absent: no size is written (put a fixed one
 *                    in the body)
 * @param hasMore     cursor: JSON pointer to a boolean on the page that says whether another page
 *                    follows ({@code /has_more}, GraphQL's {@code hasNextPage}); false ends the walk
 *                    even when a cursor is there; true beside no cursor is the page's
 *                    {@code malformed_page}. Cursor pagination only: refused on another kind
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
        @Min(0) int maxPages,

        @jakarta.validation.constraints.Pattern(regexp = "/.*", message = "must be a JSON pointer such as /offset")
        String bodyField,

        @jakarta.validation.constraints.Pattern(regexp = "/.*", message = "must be a JSON pointer such as /limit")
        String bodySizeField,

        @jakarta.validation.constraints.Pattern(regexp = "/.*", message = "must be a JSON pointer such as /has_more")
        String hasMore) {

    public static final Pagination NONE = new Pagination(Kind.NONE, null, 0, null, null, 0, null, null, null, null, 0);

    /** Paging in query parameters, without a has-more flag. */
    public Pagination(
            Kind kind,
            String pageParam,
            int firstPage,
            String offsetParam,
            String sizeParam,
            int pageSize,
            String total,
            String totalPages,
            String cursor,
            String cursorParam,
            int maxPages) {
        this(
                kind,
                pageParam,
                firstPage,
                offsetParam,
                sizeParam,
                pageSize,
                total,
                totalPages,
                cursor,
                cursorParam,
                maxPages,
                null,
                null,
                null);
    }

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

    @org.springframework.boot.context.properties.bind.ConstructorBinding
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

    /** Whether the paging value moves a field of the request body rather than a query parameter. */
    public boolean inBody() {
        return bodyField != null;
    }

    @AssertTrue(
            message = "body-field works with offset-limit, page-number and cursor pagination only: link-header and"
                    + " template pages are URLs")
    public boolean isBodyFieldForItsKinds() {
        return bodyField == null || kind == Kind.OFFSET_LIMIT || kind == Kind.PAGE_NUMBER || kind == Kind.CURSOR;
    }

    @AssertTrue(message = "body-size-field needs body-field: the page size goes in the body only when the paging does")
    public boolean isBodySizeFieldWithBodyField() {
        return bodySizeField == null || bodyField != null;
    }

    @AssertTrue(message = "has-more works with cursor pagination only: other kinds end on their own rule")
    public boolean isHasMoreForCursors() {
        return hasMore == null || kind == Kind.CURSOR;
    }

    @AssertTrue(message = "cursor pagination needs a cursor pointer, such as /next")
    public boolean isCursorSetForCursors() {
        return kind != Kind.CURSOR || (cursor != null && cursor.startsWith("/"));
    }
}
