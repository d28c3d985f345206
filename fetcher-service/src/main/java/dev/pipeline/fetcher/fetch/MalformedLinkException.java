package dev.pipeline.fetcher.fetch;

/**
 * A page's link to the next page (a cursor URL, a {@code Link} header) is no URL: that page's
 * {@code malformed_page} error. Its items are kept; its source ends there, as nothing tells what follows.
 */
public final class MalformedLinkException extends RuntimeException {

    private final transient PageFailure failure;

    MalformedLinkException(PageFailure failure) {
        super(failure.message(), null, false, false);
        this.failure = failure;
    }

    public PageFailure failure() {
        return failure;
    }
}
