package dev.pipeline.common.original;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * What counts as an http(s) URL: absolute, scheme http or https (any case), with a host. The
 * fetcher checks a source's URL by it at startup and the CLI the same, earlier, with one line
 * and exit 2; the CLI its service URLs too.
 */
public final class HttpUrls {

    private HttpUrls() {}

    /** An absolute http(s) URL with a host, as it stands. */
    public static boolean isAbsoluteHttp(String url) {
        if (url == null) {
            return false;
        }
        try {
            URI uri = new URI(url);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** A source's URL: {@link #isAbsoluteHttp} once its {@code {page}} and {@code {skip}} placeholders are filled. */
    public static boolean isSourceUrl(String url) {
        return url != null && isAbsoluteHttp(url.replace("{page}", "1").replace("{skip}", "0"));
    }
}
