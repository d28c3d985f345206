package dev.pipeline.fetcher.fetch;

import dev.pipeline.fetcher.source.Pagination;
import dev.pipeline.fetcher.source.SourceDefinition;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Which pages a source has. When the first page tells the total, every remaining page is known
 * at once and fetched concurrently; otherwise pages follow one another until the source's rule
 * says stop (an empty page, a short page, no next link) or the page cap is reached.
 */
public final class PagePlanner {

    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*;[^,]*?rel=\"?([^\",;]*)\"?");

    private final URI url;
    private final Pagination pagination;

    private PagePlanner(URI url, Pagination pagination) {
        this.url = url;
        this.pagination = pagination;
    }

    public static PagePlanner of(SourceDefinition source) {
        return new PagePlanner(source.url(), source.pagination());
    }

    public URI first() {
        return pageUri(0, pagination.pageSize());
    }

    /** Every page after the first when the first tells the total; empty when it does not. */
    public Optional<List<URI>> remainingAfterFirst(Page first, int itemCount) {
        return switch (pagination.kind()) {
            case NONE -> Optional.of(List.of());
            case PAGE_NUMBER -> count(first.body(), pagination.totalPages())
                    .map(pages -> uris(1, pages, pagination.pageSize()));
            case OFFSET_LIMIT -> count(first.body(), pagination.total()).map(total -> {
                // A server may cap the page size below what was asked: step by what it gave.
                int step = itemCount > 0 ? Math.min(itemCount, pagination.pageSize()) : pagination.pageSize();
                if (total <= itemCount) {
                    return List.of();
                }
                long pages = (total - itemCount + step - 1) / step;
                return IntStream.rangeClosed(1, (int) Math.min(pages, pagination.maxPages() - 1L))
                        .mapToObj(i -> offsetUri(itemCount + (long) (i - 1) * step, step)).toList();
            });
            case LINK_HEADER -> Optional.empty();
        };
    }

    /** The page after {@code page} (the {@code index}-th, from 0) when pages follow one another. */
    public Optional<URI> next(Page page, int index, int itemCount) {
        if (index + 1 >= pagination.maxPages()) {
            return Optional.empty();
        }
        return switch (pagination.kind()) {
            case NONE -> Optional.empty();
            case PAGE_NUMBER -> itemCount == 0 ? Optional.empty() : Optional.of(pageUri(index + 1, pagination.pageSize()));
            case OFFSET_LIMIT -> itemCount < pagination.pageSize() ? Optional.empty()
                    : Optional.of(pageUri(index + 1, pagination.pageSize()));
            case LINK_HEADER -> nextLink(page);
        };
    }

    private List<URI> uris(int from, int pages, int pageSize) {
        return IntStream.range(from, Math.min(pages, pagination.maxPages())).mapToObj(i -> pageUri(i, pageSize)).toList();
    }

    private URI pageUri(int index, int pageSize) {
        return switch (pagination.kind()) {
            case NONE, LINK_HEADER -> withSize(UriComponentsBuilder.fromUri(url), pageSize).build(true).toUri();
            case PAGE_NUMBER -> withSize(UriComponentsBuilder.fromUri(url), pageSize)
                    .replaceQueryParam(pagination.pageParam(), pagination.firstPage() + index).build(true).toUri();
            case OFFSET_LIMIT -> offsetUri((long) index * pageSize, pageSize);
        };
    }

    private URI offsetUri(long offset, int pageSize) {
        return withSize(UriComponentsBuilder.fromUri(url), pageSize)
                .replaceQueryParam(pagination.offsetParam(), offset).build(true).toUri();
    }

    private UriComponentsBuilder withSize(UriComponentsBuilder uri, int pageSize) {
        return pagination.sizeParam().isEmpty() || pageSize == 0 ? uri : uri.replaceQueryParam(pagination.sizeParam(), pageSize);
    }

    private static Optional<Integer> count(JsonNode body, String pointer) {
        if (pointer == null || pointer.isEmpty()) {
            return Optional.empty();
        }
        JsonNode node = body.at(pointer);
        return node.isIntegralNumber() && node.asLong() >= 0 && node.asLong() <= Integer.MAX_VALUE
                ? Optional.of(node.asInt()) : Optional.empty();
    }

    /**
     * The RFC 8288 {@code rel="next"} link, followed only on the source's own host and port: a
     * page must not be able to send the fetcher anywhere else.
     */
    private Optional<URI> nextLink(Page page) {
        for (String header : page.headers().allValues("Link")) {
            Matcher link = LINK.matcher(header);
            while (link.find()) {
                if (List.of(link.group(2).strip().split("\\s+")).contains("next")) {
                    URI next = page.uri().resolve(link.group(1).strip());
                    return sameOrigin(next) ? Optional.of(next) : Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private boolean sameOrigin(URI other) {
        return url.getScheme().equalsIgnoreCase(other.getScheme())
                && url.getHost().equalsIgnoreCase(other.getHost()) && url.getPort() == other.getPort();
    }
}
