package dev.pipeline.fetcher.fetch;

import dev.pipeline.common.ErrorKind;
import dev.pipeline.common.SlicedTree;
import dev.pipeline.fetcher.quota.SourceQuotas;
import dev.pipeline.fetcher.source.Auth;
import dev.pipeline.fetcher.source.SourceDefinition;
import dev.pipeline.fetcher.source.SourcesProperties;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.RetryRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Fetches one page of a source: an HTTP GET behind the source's guards, counted request by
 * request, answered with the parsed page or the reason it could not be had. Every wait — for the
 * quota the API announced, for a worker, for an open breaker, for the whole response — ends by the
 * task's {@link Deadline}.
 */
@Component
public class PageClient {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    /** Redirects followed per request, as browsers' limit of 20 is far more than an API needs. */
    static final int MAX_REDIRECTS = 5;

    private final HttpClient http;
    private final FetchProperties properties;
    private final Semaphore workers;
    private final Map<String, SourceGuards> guards;
    private final Map<String, UrlSecrets> secrets;
    /** The access tokens of the sources that authenticate with OAuth2 client credentials. */
    private final Map<String, AccessTokens> tokens;
    /** The quotas the sources' APIs announce, and the pacing they ask for. */
    private final SourceQuotas quotas;

    public PageClient(
            FetchProperties properties,
            SourcesProperties sources,
            RetryRegistry retries,
            CircuitBreakerRegistry breakers,
            RateLimiterRegistry rateLimiters,
            BulkheadRegistry bulkheads) {
        this(properties, sources, retries, breakers, rateLimiters, bulkheads, SourceQuotas.of(sources));
    }

    @Autowired
    public PageClient(
            FetchProperties properties,
            SourcesProperties sources,
            RetryRegistry retries,
            CircuitBreakerRegistry breakers,
            RateLimiterRegistry rateLimiters,
            BulkheadRegistry bulkheads,
            SourceQuotas quotas) {
        this.quotas = quotas;
        this.properties = properties;
        this.workers = new Semaphore(properties.workers());
        // Redirects are followed here, not by the client, which would follow them to any host and
        // take the source's headers (an API key among them) along.
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        this.guards = sources.sources().stream()
                .collect(Collectors.toUnmodifiableMap(
                        SourceDefinition::name,
                        s -> SourceGuards.of(s.name(), retries, breakers, rateLimiters, bulkheads)));
        this.secrets = sources.sources().stream()
                .collect(Collectors.toUnmodifiableMap(SourceDefinition::name, UrlSecrets::of));
        Clock clock = Clock.systemUTC();
        this.tokens = sources.sources().stream()
                .filter(s -> s.auth().kind() == Auth.Kind.OAUTH2_CLIENT_CREDENTIALS)
                .collect(Collectors.toUnmodifiableMap(
                        SourceDefinition::name,
                        s -> new AccessTokens(new ClientCredentialsGrant(s.auth(), http, clock), clock)));
    }

    /**
     * Lets this instance use {@code share} of {@code of} parts of every source's configured rate
     * limit (at least one request per period), when several instances share the sources' tasks.
     */
    public void shareRateLimits(int share, int of) {
        guards.values().forEach(g -> g.shareRateLimit(share, of));
        quotas.share(share, of);
    }

    /** Pages of this source worth having in flight at once. */
    public int concurrency(SourceDefinition source) {
        return Math.min(guards.get(source.name()).concurrency(), properties.workers());
    }

    /** Requests this instance's share of the source's rate limit lets through in {@code time}. */
    public long requestsAllowedWithin(SourceDefinition source, Duration time) {
        return guards.get(source.name()).callsAllowedWithin(time);
    }

    /**
     * The page at {@code uri}, retried as the source's retry says. While the source's breaker is
     * open the page waits for it to let calls through again, until {@code open-circuit-wait} after
     * it opened and never past {@code deadline}; only then is it a {@code circuit_open} error.
     */
    public FetchOutcome fetch(SourceDefinition source, URI uri, SourceCounters counters, Deadline deadline) {
        AtomicInteger attempts = new AtomicInteger();
        Duration openWait = properties.openCircuitWait();
        try {
            Page page = guards.get(source.name())
                    .call(
                            () -> attempt(source, uri, counters, attempts.incrementAndGet(), deadline),
                            openWait,
                            deadline);
            return new FetchOutcome.Succeeded(new Page(page.uri(), page.body(), page.headers(), attempts.get()));
        } catch (FetchException e) {
            return failed(uri, e.kind(), e.getMessage(), attempts);
        } catch (CallNotPermittedException e) {
            return failed(
                    uri,
                    ErrorKind.CIRCUIT_OPEN,
                    "circuit breaker '" + source.name() + "' is open and stayed open "
                            + (deadline.hasPassed()
                                    ? "until the task's time ran out"
                                    : "for over " + seconds(openWait)),
                    attempts);
        } catch (RequestNotPermitted | BulkheadFullException e) {
            return failed(uri, ErrorKind.CIRCUIT_OPEN, "rejected by " + e.getMessage(), attempts);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(uri, ErrorKind.TIMEOUT, "interrupted", attempts);
        } catch (Error e) {
            throw e; // out of memory and the like are the process's trouble, not the page's
        } catch (Throwable e) {
            return failed(uri, ErrorKind.HTTP_ERROR, e.toString(), attempts);
        }
    }

    private static FetchOutcome failed(URI uri, ErrorKind kind, String message, AtomicInteger attempts) {
        return new FetchOutcome.Failed(new PageFailure(uri, kind, message, attempts.get()));
    }

    private Page attempt(SourceDefinition source, URI uri, SourceCounters counters, int attempt, Deadline deadline)
            throws FetchException, InterruptedException {
        pace(source, deadline);
        if (!workers.tryAcquire(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS)) {
            throw FetchException.fatal(ErrorKind.TIMEOUT, "no worker free before the task's time ran out", null);
        }
        try {
            Duration readTimeout = source.readTimeout() == null ? properties.readTimeout() : source.readTimeout();
            Duration timeout = deadline.cap(readTimeout);
            if (timeout.isZero()) {
                throw FetchException.fatal(ErrorKind.TIMEOUT, "the task's time ran out before the request", null);
            }
            String why = timeout.equals(readTimeout) ? "" : " (the task's time left)";
            AccessTokens sourceTokens = tokens.get(source.name());
            // The token comes first: a page whose token cannot be had was never requested.
            AccessToken token = sourceTokens == null ? null : sourceTokens.get(timeout);
            try {
                return counted(counters, attempt, deadline, () -> exchange(source, uri, timeout, why, token));
            } catch (Unauthorized refused) {
                // The token was revoked or expired early: one new token, one more request; a
                // second 401 is the page's error.
                sourceTokens.drop(token);
                Duration left = deadline.cap(readTimeout);
                if (left.isZero()) {
                    throw FetchException.fatal(
                            ErrorKind.TIMEOUT, "HTTP 401, and the task's time ran out before a new token", null);
                }
                AccessToken renewed = sourceTokens.get(left);
                try {
                    return counted(counters, attempt + 1, deadline, () -> exchange(source, uri, left, why, renewed));
                } catch (Unauthorized again) {
                    throw FetchException.fatal(
                            ErrorKind.HTTP_ERROR, "HTTP 401, with a newly fetched access token too", null);
                }
            }
        } finally {
            workers.release();
        }
    }

    /**
     * Waits for the quota the source's API announced, if it asks for a wait, before the request
     * takes a worker. A quota used up until past the task's time ends the page now, as a
     * {@code Retry-After} past it does: waiting would only lose the task's transaction.
     */
    private void pace(SourceDefinition source, Deadline deadline) throws FetchException, InterruptedException {
        SourceGuards sourceGuards = guards.get(source.name());
        Optional<Instant> blockedUntil =
                quotas.pace(source.name(), deadline.remaining(), sourceGuards::callsAllowedWithin);
        if (blockedUntil.isPresent()) {
            throw FetchException.fatal(
                    ErrorKind.HTTP_ERROR,
                    "the quota the API announced lets no request through until " + blockedUntil.get()
                            + ", past the task's time",
                    null);
        }
    }

    /** One request, counted in the source's stats as sent, and as succeeded or failed. */
    private static Page counted(SourceCounters counters, int attempt, Deadline deadline, Exchange exchange)
            throws FetchException, InterruptedException {
        counters.requestSent(attempt);
        try {
            Page page = exchange.run();
            counters.requestSucceeded();
            return page;
        } catch (FetchException e) {
            counters.requestFailed();
            throw fitting(e, deadline);
        }
    }

    @FunctionalInterface
    private interface Exchange {
        Page run() throws FetchException, InterruptedException;
    }

    /** A server's {@code Retry-After} that the task cannot wait for ends the page now. */
    private static FetchException fitting(FetchException e, Deadline deadline) {
        if (e.retryAfter().isPresent() && e.retryAfter().get().compareTo(deadline.remaining()) > 0) {
            return FetchException.fatal(
                    e.kind(),
                    e.getMessage() + ", Retry-After " + seconds(e.retryAfter().get()) + " is past the task's time",
                    null);
        }
        return e;
    }

    /**
     * One request, with the redirects it takes (counted as one request in the source's stats),
     * answered within {@code timeout} from headers to the body's last byte. {@code uri} is the page's address as recorded: without any secret the
     * request carries.
     */
    private Page exchange(SourceDefinition source, URI uri, Duration timeout, String why, AccessToken token)
            throws FetchException, InterruptedException {
        long giveUpAt = System.nanoTime() + timeout.toNanos();
        byte[] body = source.method() == SourceDefinition.Method.POST ? BodyPage.body(source, uri) : null;
        URI target = uri;
        for (int redirects = 0; ; redirects++) {
            Duration left = Duration.ofNanos(Math.max(1, giveUpAt - System.nanoTime()));
            HttpResponse<byte[]> response = send(
                    Requests.of(source, secrets.get(source.name()), target, left, token, body),
                    left,
                    "no answer within " + timeout + why);
            quotas.observe(source.name(), response.headers());
            int status = response.statusCode();
            if (status == 401 && token != null) {
                throw new Unauthorized();
            }
            if (!REDIRECTS.contains(status)) {
                return GraphQlAnswers.checked(source, page(uri, response));
            }
            if (body != null) {
                // A POST is not sent again elsewhere: 301-303 would turn it into a GET, 307/308 repost it.
                throw FetchException.fatal(
                        ErrorKind.HTTP_ERROR, "HTTP " + status + ": a POST source's redirects are not followed", null);
            }
            if (redirects == MAX_REDIRECTS) {
                throw FetchException.fatal(
                        ErrorKind.HTTP_ERROR, "HTTP " + status + ": more than " + MAX_REDIRECTS + " redirects", null);
            }
            target = Redirects.next(source, target, status, response.headers().firstValue("Location"));
        }
    }

    /** The API refused a request's OAuth2 access token: {@link #attempt} gets a new one and tries again, once. */
    private static final class Unauthorized extends FetchException {
        Unauthorized() {
            super(ErrorKind.HTTP_ERROR, "HTTP 401", false, null, null);
        }
    }

    /** The whole response within {@code wait}: headers, then every byte of the body. */
    private HttpResponse<byte[]> send(HttpRequest request, Duration wait, String timedOut)
            throws FetchException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request, this::body);
        try {
            return exchange.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true); // closes the connection: a body that never ends holds nothing after this
            throw FetchException.retryable(ErrorKind.TIMEOUT, timedOut, null, e);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw failure(e.getCause(), timedOut);
        }
    }

    /** A success's body, bounded; any other answer's body is not kept. */
    private HttpResponse.BodySubscriber<byte[]> body(HttpResponse.ResponseInfo response) {
        return response.statusCode() >= 200 && response.statusCode() <= 299
                ? new BoundedBody(
                        properties.maxPageBytes(),
                        response.headers().firstValueAsLong("Content-Length").orElse(-1))
                : HttpResponse.BodySubscribers.replacing(new byte[0]);
    }

    private static FetchException failure(Throwable cause, String timedOut) {
        return switch (cause) {
            case BoundedBody.TooLarge tooLarge ->
                FetchException.fatal(ErrorKind.MALFORMED_PAGE, tooLarge.getMessage(), null);
            case HttpTimeoutException e -> FetchException.retryable(ErrorKind.TIMEOUT, timedOut, null, e);
            case ConnectException e ->
                FetchException.retryable(ErrorKind.CONNECT_ERROR, "connection failed: " + e, null, e);
            case IOException e -> FetchException.retryable(ErrorKind.CONNECT_ERROR, "I/O error: " + e, null, e);
            default -> FetchException.fatal(ErrorKind.HTTP_ERROR, String.valueOf(cause), cause);
        };
    }

    private static Page page(URI uri, HttpResponse<byte[]> response) throws FetchException {
        int status = response.statusCode();
        if (status == 429 || status >= 500) {
            throw FetchException.retryable(
                    ErrorKind.HTTP_ERROR,
                    "HTTP " + status,
                    RetryAfter.parse(response.headers().firstValue("Retry-After"))
                            .orElse(null),
                    null);
        }
        if (status < 200 || status > 299) {
            throw FetchException.fatal(ErrorKind.HTTP_ERROR, "HTTP " + status, null);
        }
        return new Page(uri, parse(response.body()), response.headers(), 0);
    }

    private static JsonNode parse(byte[] body) throws FetchException {
        try {
            // The mapper's tree; an item kept whole is then copied from the page, not written again.
            JsonNode page = SlicedTree.read(body);
            if (page.isMissingNode()) {
                throw FetchException.fatal(ErrorKind.MALFORMED_PAGE, "empty body", null);
            }
            return page;
        } catch (JacksonException e) {
            throw FetchException.fatal(ErrorKind.MALFORMED_PAGE, "not JSON: " + firstLine(e.getOriginalMessage()), e);
        }
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() / 1000.0 + " s";
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
    }
}
