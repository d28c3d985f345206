package dev.pipeline.fetcher.fetch;

import dev.pipeline.common.ErrorKind;
import dev.pipeline.fetcher.source.SourceDefinition;
import java.net.URI;
import java.util.Optional;

/**
 * Where a redirect may take a request: only to the source's own origin (scheme, host and port),
 * the rule links and cursors in pages already follow, or from {@code http} to {@code https} on
 * the same host and default ports. Anywhere else the request would carry the source's
 * credentials to a host nobody configured, so the page ends as an {@code http_error} instead.
 */
final class Redirects {

    private Redirects() {}

    /** The next hop from {@code from}, answered with {@code status} and {@code location}. */
    static URI next(SourceDefinition source, URI from, int status, Optional<String> location) throws FetchException {
        if (location.isEmpty() || location.get().isBlank()) {
            throw FetchException.fatal(ErrorKind.HTTP_ERROR, "HTTP " + status + " redirect without a Location", null);
        }
        URI to;
        try {
            to = from.resolve(location.get().strip());
        } catch (IllegalArgumentException e) {
            throw FetchException.fatal(
                    ErrorKind.HTTP_ERROR, "HTTP " + status + " redirect to a Location that is not a URI", null);
        }
        if (!PagePlanner.of(source).isOwn(to) && !isUpgrade(origin(source), to)) {
            throw FetchException.fatal(
                    ErrorKind.HTTP_ERROR,
                    "HTTP " + status + " redirect to "
                            + (to.getHost() == null
                                    ? "a URI without a host"
                                    : to.getHost() + (to.getPort() == -1 ? "" : ":" + to.getPort()))
                            + " refused: not the source's origin",
                    null);
        }
        return to;
    }

    private static URI origin(SourceDefinition source) {
        return URI.create(source.url()
                .replace("{page}", "1")
                .replace("{skip}", "0")
                .replace(SourceDefinition.CURSOR_VARIABLE, ""));
    }

    /** {@code http://host/...} to {@code https://host/...}, both on their default ports. */
    private static boolean isUpgrade(URI from, URI to) {
        return "http".equalsIgnoreCase(from.getScheme())
                && "https".equalsIgnoreCase(to.getScheme())
                && from.getHost() != null
                && from.getHost().equalsIgnoreCase(to.getHost())
                && (from.getPort() == -1 || from.getPort() == 80)
                && (to.getPort() == -1 || to.getPort() == 443);
    }
}
