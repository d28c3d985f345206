package dev.pipeline.fetcher.fetch;

import dev.pipeline.fetcher.source.Auth;
import dev.pipeline.fetcher.source.SourceDefinition;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Builds a page's HTTP request: the source's headers and its credentials, added only here — to
 * the recorded URI, which holds none of them ({@link UrlSecrets}).
 */
final class Requests {

    private Requests() {}

    /** @param secrets the source's, made once per source: reading them parses its URL */
    static HttpRequest of(SourceDefinition source, UrlSecrets secrets, URI uri, Duration timeout) {
        return of(source, secrets, uri, timeout, null);
    }

    /**
     * @param token the source's OAuth2 access token ({@link AccessTokens}) for an
     *              oauth2-client-credentials source, else null
     */
    static HttpRequest of(SourceDefinition source, UrlSecrets secrets, URI uri, Duration timeout, AccessToken token) {
        return of(source, secrets, uri, timeout, token, null);
    }

    /**
     * @param body a POST source's page body ({@link BodyPage#body}), sent as {@code application/json};
     *             null for a GET
     */
    static HttpRequest of(
            SourceDefinition source, UrlSecrets secrets, URI uri, Duration timeout, AccessToken token, byte[] body) {
        Auth auth = source.auth();
        HttpRequest.Builder request = HttpRequest.newBuilder(BodyPage.requested(secrets.addTo(uri)))
                .timeout(timeout)
                .header("Accept", "application/json");
        if (body == null) {
            request.GET();
        } else {
            request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json");
        }
        source.headers().forEach(request::header);
        switch (auth.kind()) {
            case BEARER -> request.header("Authorization", "Bearer " + auth.value());
            case OAUTH2_CLIENT_CREDENTIALS -> {
                if (token != null) {
                    request.header("Authorization", "Bearer " + token.value());
                }
            }
            case BASIC ->
                request.header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((auth.username() + ":" + auth.value())
                                                .getBytes(StandardCharsets.UTF_8)));
            case API_KEY -> {
                if (auth.in() == Auth.In.HEADER) {
                    request.header(auth.name(), auth.value());
                }
            }
            // As aiohttp did with such a URL, which the original was given: its user info as Basic auth.
            case NONE -> secrets.basicAuthorization().ifPresent(basic -> request.header("Authorization", basic));
        }
        return request.build();
    }
}
