package dev.pipeline.fetcher.fetch;

import dev.pipeline.common.ErrorKind;
import dev.pipeline.fetcher.source.Pagination;
import dev.pipeline.fetcher.source.SourceDefinition;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/**
 * Which pages a source has. When the first page tells the total, every remaining page is known
 * at once and fetched concurrently; otherwise pages follow one another until the source's rule
 * says stop (an empty page, a short page, no next link or cursor) or the page cap is reached.
 * The URIs it makes never hold a secret ({@link UrlSecrets}): the request adds them when it is sent.
 * A value of a page it cannot use never fails the task: a total that is no count is unknown; a
 * next link that is no URL, a cursor that is an object or array, and a has-more flag that says
 * true beside no cursor are the page's error ({@link MalformedLinkException}).
 *
 * <p>A source that pages in its request body ({@code pagination.body-field}) has one URL for every
 * page: a page's address is that URL with the body fields it moves in its fragment
 * ({@link BodyPage}), which is never sent, so that a task on Kafka still names each of its pages
 * and any instance can make the page's body from it and the source.
 */
public final class PagePlanner {

    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*;[^,]*?rel=\"?([^\",;]*)\"?");

    private final String url;
    private final Map<String, String> query;
    private final Pagination pagination;
    private final UrlSecrets secrets;
    private final URI origin;

    private PagePlanner(SourceDefinition source) {
        this.secrets = UrlSecrets.of(source);
        this.url = secrets.recordedUrl();
        this.query = source.query();
        this.pagination = source.pagination();
        this.origin = URI.create(
                url.replace("{page}", "1").replace("{skip}", "0").replace(SourceDefinition.CURSOR_VARIABLE, ""));
    }

    public static PagePlanner of(SourceDefinition source) {
        return new PagePlanner(source);
    }

    public URI first() {
        return pageUri(0, 0);
    }

    /** Every page after the first when the first tells the total; empty when it does not. */
    public Optional<List<URI>> remainingAfterFirst(Page first, int itemCount) {
        return switch (pagination.kind()) {
            case NONE -> Optional.of(List.of());
            case PAGE_NUMBER ->
                count(first.body(), pagination.totalPages())
                        .map(pages -> IntStream.range(1, Math.min(pages, pagination.maxPages()))
                                .mapToObj(i -> pageUri(i, 0))
                                .toList());
            case OFFSET_LIMIT ->
                count(first.body(), pagination.total()).map(total -> {
                    // A server may cap the page size below what was asked: step by what it gave.
                    int step = itemCount > 0 ? Math.min(itemCount, pagination.pageSize()) : pagination.pageSize();
                    long pages = total <= itemCount ? 0 : ((long) total - itemCount + step - 1) / step;
                    return IntStream.rangeClosed(1, (int) Math.min(pages, pagination.maxPages() - 1L))
                            .mapToObj(i -> offsetUri(itemCount + (long) (i - 1) * step, step))
                            .toList();
                });
            case CURSOR, LINK_HEADER, TEMPLATE -> Optional.empty();
        };
    }

    /**
     * Whether {@code max-pages} leaves pages of the source unfetched after the first page: its total
     * says there are more than the cap allows.
     */
    public boolean capCutsAfterFirst(Page first, int itemCount) {
        return switch (pagination.kind()) {
            case PAGE_NUMBER ->
                count(first.body(), pagination.totalPages())
                        .map(pages -> pages > pagination.maxPages())
                        .orElse(false);
            case OFFSET_LIMIT ->
                count(first.body(), pagination.total())
                        .map(total -> {
                            int step =
                                    itemCount > 0 ? Math.min(itemCount, pagination.pageSize()) : pagination.pageSize();
                            long pages = total <= itemCount ? 0 : ((long) total - itemCount + step - 1) / step;
                            return pages > pagination.maxPages() - 1L;
                        })
                        .orElse(false);
            case NONE, CURSOR, LINK_HEADER, TEMPLATE -> false;
        };
    }

    /**
     * Whether {@code max-pages} stops a walk after its {@code index}-th page (from 0) that has a next
     * page: the one {@link #next} would give without the cap.
     */
    public boolean capStopsAfter(Page page, int index, int itemCount, long itemsSoFar) {
        return index + 1 >= pagination.maxPages()
                && nextUncapped(page, index, itemCount, itemsSoFar).isPresent();
    }

    /**
     * The page after {@code page}, the {@code index}-th (from 0), when pages follow one another.
     *
     * @param itemsSoFar items on every page up to and including this one
     */
    public Optional<URI> next(Page page, int index, int itemCount, long itemsSoFar) {
        if (index + 1 >= pagination.maxPages()) {
            return Optional.empty();
        }
        return nextUncapped(page, index, itemCount, itemsSoFar);
    }

    private Optional<URI> nextUncapped(Page page, int index, int itemCount, long itemsSoFar) {
        return switch (pagination.kind()) {
            case NONE -> Optional.empty();
            case PAGE_NUMBER -> itemCount == 0 ? Optional.empty() : Optional.of(pageUri(index + 1, 0));
            case OFFSET_LIMIT ->
                itemCount < pagination.pageSize() ? Optional.empty() : Optional.of(pageUri(index + 1, 0));
            case TEMPLATE -> itemCount == 0 ? Optional.empty() : Optional.of(pageUri(index + 1, itemsSoFar));
            case CURSOR -> itemCount == 0 || !hasMore(page) ? Optional.empty() : nextCursor(page);
            case LINK_HEADER -> nextLink(page);
        };
    }

    private URI pageUri(int index, long skip) {
        if (pagination.inBody()) {
            return switch (pagination.kind()) {
                case PAGE_NUMBER ->
                    BodyPage.address(build(base(url)), pagination, String.valueOf(pagination.firstPage() + index));
                case OFFSET_LIMIT -> offsetUri((long) index * pagination.pageSize(), pagination.pageSize());
                default -> BodyPage.address(build(base(url)), pagination, null);
            };
        }
        return switch (pagination.kind()) {
            case NONE, LINK_HEADER, CURSOR -> build(base(url));
            case TEMPLATE ->
                build(base(url.replace("{page}", Integer.toString(index + 1)).replace("{skip}", Long.toString(skip))));
            case PAGE_NUMBER ->
                build(base(url).replaceQueryParam(pagination.pageParam(), pagination.firstPage() + index));
            case OFFSET_LIMIT -> offsetUri((long) index * pagination.pageSize(), pagination.pageSize());
        };
    }

    private URI offsetUri(long offset, int pageSize) {
        if (pagination.inBody()) {
            return BodyPage.address(build(base(url)), pagination, offset, pageSize);
        }
        return build(base(url)
                .replaceQueryParam(pagination.sizeParam(), pageSize)
                .replaceQueryParam(pagination.offsetParam(), offset));
    }

    private UriComponentsBuilder base(String pageUrl) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(pageUrl);
        query.forEach((name, value) -> {
            if (!secrets.isSecret(name)) {
                uri.replaceQueryParam(name, encode(value));
            }
        });
        if (!pagination.inBody() && !pagination.sizeParam().isEmpty() && pagination.pageSize() > 0) {
            uri.replaceQueryParam(pagination.sizeParam(), pagination.pageSize());
        }
        return uri;
    }

    private URI build(UriComponentsBuilder uri) {
        return uri.build(true).toUri();
    }

    /** Strictly encoded: a '+' in a token must not reach the server as a space. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Optional<Integer> count(JsonNode body, String pointer) {
        if (pointer == null || pointer.isEmpty()) {
            return Optional.empty();
        }
        JsonNode node = body.at(pointer);
        // A count beyond int (10^30) is as unknown as a negative, fractional or textual one; asInt would throw.
        return node.isIntegralNumber() && node.canConvertToInt() && node.intValue() >= 0
                ? Optional.of(node.intValue())
                : Optional.empty();
    }

    /**
     * A cursor is the next page's URL when it looks like one, else a token for the cursor parameter.
     * No cursor ends the walk, unless the page's has-more flag says true: then a page is missing,
     * and a cursor that is an object or an array (Elasticsearch's {@code search_after}) cannot be
     * sent as a token. Either is the page's {@code malformed_page}, never a silent end.
     *
     * @throws MalformedLinkException when a next page is announced but cannot be asked for
     */
    private Optional<URI> nextCursor(Page page) {
        JsonNode cursor = page.body().at(pagination.cursor());
        if (cursor.isArray() || cursor.isObject()) {
            throw malformed(
                    page,
                    "the next cursor at " + pagination.cursor() + " is " + (cursor.isArray() ? "an array" : "an object")
                            + ", not a token or URL; it cannot be sent");
        }
        if (cursor.isMissingNode() || cursor.isNull() || cursor.asString().isBlank()) {
            if (saysMore(page)) {
                throw malformed(
                        page,
                        pagination.hasMore() + " is true but there is no next cursor at " + pagination.cursor()
                                + " (" + (cursor.isMissingNode() ? "missing" : cursor.isNull() ? "null" : "blank")
                                + "): the pages after this one cannot be asked for");
            }
            return Optional.empty();
        }
        String value = cursor.asString();
        if (pagination.inBody()) {
            return Optional.of(BodyPage.address(build(base(url)), pagination, value));
        }
        if (value.startsWith("http://") || value.startsWith("https://") || value.startsWith("/")) {
            return sameOrigin(page, value, "next cursor");
        }
        return Optional.of(build(base(url).replaceQueryParam(pagination.cursorParam(), encode(value))));
    }

    /** False only when the source names a has-more flag and the page says false there. */
    private boolean hasMore(Page page) {
        if (pagination.hasMore() == null) {
            return true;
        }
        JsonNode more = page.body().at(pagination.hasMore());
        return !more.isBoolean() || more.booleanValue();
    }

    /** True only when the source names a has-more flag and the page says true there. */
    private boolean saysMore(Page page) {
        return pagination.hasMore() != null
                && page.body().at(pagination.hasMore()).isBoolean()
                && page.body().at(pagination.hasMore()).booleanValue();
    }

    private static MalformedLinkException malformed(Page page, String message) {
        return new MalformedLinkException(
                new PageFailure(page.uri(), ErrorKind.MALFORMED_PAGE, message, page.attempts()));
    }

    /** The RFC 8288 {@code rel="next"} link. */
    private Optional<URI> nextLink(Page page) {
        for (String header : page.headers().allValues("Link")) {
            Matcher link = LINK.matcher(header);
            while (link.find()) {
                if (List.of(link.group(2).strip().split("\\s+")).contains("next")) {
                    return sameOrigin(page, link.group(1).strip(), "next link");
                }
            }
        }
        return Optional.empty();
    }

    /** Whether {@code uri} is on the source's own scheme, host and port. */
    public boolean isOwn(URI uri) {
        return uri.getScheme() != null
                && uri.getHost() != null
                && origin.getScheme().equalsIgnoreCase(uri.getScheme())
                && origin.getHost().equalsIgnoreCase(uri.getHost())
                && origin.getPort() == uri.getPort();
    }

    /**
     * A link from a page is followed only on the source's own scheme, host and port — a page must
     * not be able to send the fetcher anywhere else — and without any secret it echoes back.
     *
     * @throws MalformedLinkException when the link is no URL: the page's error, not its task's
     */
    private Optional<URI> sameOrigin(Page page, String link, String what) {
        try {
            URI next = page.uri().resolve(link);
            return isOwn(next) ? Optional.of(secrets.strip(next)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            throw new MalformedLinkException(new PageFailure(
                    page.uri(), ErrorKind.MALFORMED_PAGE, what + " is not a valid URI", page.attempts()));
        }
    }
}
