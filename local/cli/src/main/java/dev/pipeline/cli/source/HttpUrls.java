package dev.pipeline.cli.source;

import java.net.URI;
import java.net.URISyntaxException;

/** The check the fetcher makes of a source's URL, made early: absolute http(s), placeholders allowed. */
final class HttpUrls {

    private HttpUrls() {
    }

    static boolean isAbsoluteHttp(String url) {
        try {
            URI uri = new URI(url.replace("{page}", "1").replace("{skip}", "0"));
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        }
        catch (URISyntaxException ex) {
            return false;
        }
    }
}
