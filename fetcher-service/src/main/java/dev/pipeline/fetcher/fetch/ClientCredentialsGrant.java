package dev.pipeline.fetcher.fetch;

import dev.pipeline.common.ErrorKind;
import dev.pipeline.common.PipelineJson;
import dev.pipeline.fetcher.source.Auth;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The token request of OAuth2's client credentials grant (RFC 6749 §4.4): a form POST of
 * {@code grant_type=client_credentials} (with {@code scope} and {@code audience} when configured),
 * the client authenticated by HTTP Basic (§2.3.1, its id and secret form-encoded first, as the RFC
 * says) or, with {@code client-authentication: body}, by {@code client_id} and
 * {@code client_secret} form fields. It is sent on the fetcher's own HTTP client, so the token
 * endpoint gets the same connect timeout, no redirects and the page's time limit.
 *
 * <p>Every failure is an {@link ErrorKind#AUTH_FAILED} whose message names the endpoint and the
 * status, and at most the OAuth2 {@code error} code the endpoint sent — never its body, which may
 * quote what it was sent. A token endpoint that is down (no connection, a timeout, 429, 5xx) is
 * retried as a page is; one that refuses the client (400, 401) is not.
 */
final class ClientCredentialsGrant {

    /** A token is given up this long before it expires at most: the request may be in flight by then. */
    static final Duration MAX_MARGIN = Duration.ofSeconds(30);

    /** The largest token response read; a token endpoint has no reason to send more. */
    private static final int MAX_RESPONSE_BYTES = 64 * 1024;

    /** RFC 6749 §5.2's error codes are of these characters; anything else is not quoted. */
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final Auth auth;
    private final URI tokenUrl;
    /** The token URL as messages name it: without user info or query, which may hold credentials. */
    private final String shownUrl;

    private final HttpClient http;
    private final Clock clock;

    ClientCredentialsGrant(Auth auth, HttpClient http, Clock clock) {
        this.auth = auth;
        this.tokenUrl = URI.create(auth.tokenUrl());
        this.shownUrl = tokenUrl.getScheme() + "://" + tokenUrl.getHost()
                + (tokenUrl.getPort() == -1 ? "" : ":" + tokenUrl.getPort())
                + (tokenUrl.getRawPath() == null ? "" : tokenUrl.getRawPath());
        this.http = http;
        this.clock = clock;
    }

    /** A new token, within {@code timeout}. */
    AccessToken request(Duration timeout) throws FetchException, InterruptedException {
        Instant sent = clock.instant();
        HttpResponse<byte[]> response = send(timeout);
        int status = response.statusCode();
        if (status == 429 || status >= 500) {
            throw FetchException.retryable(
                    ErrorKind.AUTH_FAILED,
                    "token endpoint " + shownUrl + " answered HTTP " + status,
                    RetryAfter.parse(response.headers().firstValue("Retry-After"))
                            .orElse(null),
                    null);
        }
        if (status < 200 || status > 299) {
            throw FetchException.fatal(
                    ErrorKind.AUTH_FAILED,
                    "token endpoint " + shownUrl + " refused the client: HTTP " + status + errorCode(response.body()),
                    null);
        }
        return token(parse(response.body()), sent);
    }

    private HttpResponse<byte[]> send(Duration timeout) throws FetchException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(tokenUrl)
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        StringJoiner form = new StringJoiner("&");
        form.add("grant_type=client_credentials");
        if (!auth.scopes().isEmpty()) {
            form.add("scope=" + encode(String.join(" ", auth.scopes())));
        }
        if (auth.audience() != null && !auth.audience().isBlank()) {
            form.add("audience=" + encode(auth.audience()));
        }
        if (auth.clientAuthentication() == Auth.ClientAuthentication.BODY) {
            form.add("client_id=" + encode(auth.clientId()));
            form.add("client_secret=" + encode(auth.clientSecret()));
        } else {
            String credentials = encode(auth.clientId()) + ":" + encode(auth.clientSecret());
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        request.POST(HttpRequest.BodyPublishers.ofString(form.toString(), StandardCharsets.UTF_8));
        String timedOut = "token endpoint " + shownUrl + " gave no answer within " + timeout;
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(
                request.build(),
                info -> new BoundedBody(
                        MAX_RESPONSE_BYTES,
                        info.headers().firstValueAsLong("Content-Length").orElse(-1)));
        try {
            return exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw FetchException.retryable(ErrorKind.AUTH_FAILED, timedOut, null, e);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw switch (e.getCause()) {
                case BoundedBody.TooLarge tooLarge ->
                    FetchException.fatal(
                            ErrorKind.AUTH_FAILED,
                            "token endpoint " + shownUrl + ": response larger than " + MAX_RESPONSE_BYTES + " bytes",
                            null);
                case HttpTimeoutException timeoutException ->
                    FetchException.retryable(ErrorKind.AUTH_FAILED, timedOut, null, timeoutException);
                case ConnectException connect ->
                    FetchException.retryable(
                            ErrorKind.AUTH_FAILED,
                            "token endpoint " + shownUrl + ": connection failed: " + connect,
                            null,
                            connect);
                case IOException io ->
                    FetchException.retryable(
                            ErrorKind.AUTH_FAILED, "token endpoint " + shownUrl + ": I/O error: " + io, null, io);
                default ->
                    FetchException.fatal(
                            ErrorKind.AUTH_FAILED, "token endpoint " + shownUrl + ": " + e.getCause(), e.getCause());
            };
        }
    }

    private AccessToken token(JsonNode body, Instant sent) throws FetchException {
        JsonNode value = body.path("access_token");
        if (!value.isString() || value.stringValue().isBlank()) {
            throw FetchException.fatal(
                    ErrorKind.AUTH_FAILED, "token endpoint " + shownUrl + " sent no access_token", null);
        }
        JsonNode type = body.path("token_type");
        if (type.isString() && !"bearer".equals(type.stringValue().toLowerCase(Locale.ROOT))) {
            throw FetchException.fatal(
                    ErrorKind.AUTH_FAILED,
                    "token endpoint " + shownUrl + " sent a token of type " + quoted(type.stringValue())
                            + ", not Bearer",
                    null);
        }
        return new AccessToken(value.stringValue(), refreshAt(body.path("expires_in"), sent));
    }

    /**
     * A tenth of the token's life before it expires, at most {@link #MAX_MARGIN}, counted from when
     * the request was sent; {@code null} without a usable {@code expires_in} (a number, or a
     * number as text, as some providers send it).
     */
    private static Instant refreshAt(JsonNode expiresIn, Instant sent) {
        long seconds;
        if (expiresIn.isIntegralNumber()) {
            seconds = expiresIn.asLong();
        } else if (expiresIn.isString() && expiresIn.stringValue().matches("\\d{1,12}")) {
            seconds = Long.parseLong(expiresIn.stringValue());
        } else {
            return null;
        }
        if (seconds <= 0) {
            return null;
        }
        Duration life = Duration.ofSeconds(seconds);
        Duration margin = life.dividedBy(10);
        return sent.plus(life).minus(margin.compareTo(MAX_MARGIN) > 0 ? MAX_MARGIN : margin);
    }

    private JsonNode parse(byte[] body) throws FetchException {
        try {
            return PipelineJson.mapper().readTree(body);
        } catch (JacksonException e) {
            throw FetchException.fatal(
                    ErrorKind.AUTH_FAILED, "token endpoint " + shownUrl + " sent a response that is not JSON", null);
        }
    }

    /** The OAuth2 {@code error} code of a refusal (RFC 6749 §5.2), when its body has one. */
    private static String errorCode(byte[] body) {
        try {
            JsonNode error = PipelineJson.mapper().readTree(body).path("error");
            return error.isString() ? " (" + quoted(error.stringValue()) + ")" : "";
        } catch (JacksonException e) {
            return "";
        }
    }

    private static String quoted(String code) {
        return ERROR_CODE.matcher(code).matches() ? code : "?";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
