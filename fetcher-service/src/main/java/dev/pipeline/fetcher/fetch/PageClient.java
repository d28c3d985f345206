package dev.pipeline.fetcher.fetch;

import dev.pipeline.common.ErrorKind;
import dev.pipeline.common.PipelineJson;
import dev.pipeline.fetcher.source.SourceDefinition;
import dev.pipeline.fetcher.source.SourcesProperties;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.RetryRegistry;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Fetches one page of a source: an HTTP GET behind the source's guards, counted request by
 * request, answered with the parsed page or the reason it could not be had.
 */
@Component
public class PageClient {

    private final HttpClient http;
    private final FetchProperties properties;
    private final Semaphore workers;
    private final Map<String, SourceGuards> guards;

    public PageClient(FetchProperties properties, SourcesProperties sources, RetryRegistry retries,
               CircuitBreakerRegistry breakers, RateLimiterRegistry rateLimiters, BulkheadRegistry bulkheads) {
        this.properties = properties;
        this.workers = new Semaphore(properties.workers());
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        this.guards = sources.sources().stream().collect(Collectors.toUnmodifiableMap(SourceDefinition::name,
                s -> SourceGuards.of(s.name(), retries, breakers, rateLimiters, bulkheads)));
    }

    /**
     * Lets this instance use {@code share} of {@code of} parts of every source's configured rate
     * limit (at least one request per period), when several instances share the sources' tasks.
     */
    public void shareRateLimits(int share, int of) {
        guards.values().forEach(g -> g.shareRateLimit(share, of));
    }

    /** Pages of this source worth having in flight at once. */
    public int concurrency(SourceDefinition source) {
        return Math.min(guards.get(source.name()).concurrency(), properties.workers());
    }

    public FetchOutcome fetch(SourceDefinition source, URI uri, SourceCounters counters) {
        AtomicInteger attempts = new AtomicInteger();
        try {
            Page page = guards.get(source.name()).guard(() -> attempt(source, uri, counters, attempts.incrementAndGet()))
                    .get();
            return new FetchOutcome.Fetched(new Page(page.uri(), page.body(), page.headers(), attempts.get()));
        } catch (FetchException e) {
            return failed(uri, e.kind(), e.getMessage(), attempts);
        } catch (CallNotPermittedException e) {
            return failed(uri, ErrorKind.CIRCUIT_OPEN, "circuit breaker '" + source.name() + "' is open", attempts);
        } catch (RequestNotPermitted | BulkheadFullException e) {
            return failed(uri, ErrorKind.CIRCUIT_OPEN, "rejected by " + e.getMessage(), attempts);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(uri, ErrorKind.TIMEOUT, "interrupted", attempts);
        } catch (Throwable e) {
            return failed(uri, ErrorKind.HTTP_ERROR, e.toString(), attempts);
        }
    }

    private static FetchOutcome failed(URI uri, ErrorKind kind, String message, AtomicInteger attempts) {
        return new FetchOutcome.Failed(new PageFailure(uri, kind, message, attempts.get()));
    }

    private Page attempt(SourceDefinition source, URI uri, SourceCounters counters, int attempt)
            throws FetchException, InterruptedException {
        HttpRequest request = Requests.of(source, uri, source.readTimeout() == null
                ? properties.readTimeout() : source.readTimeout());
        workers.acquire();
        try {
            counters.requestSent(attempt);
            Page page = send(request, uri);
            counters.requestSucceeded();
            return page;
        } catch (FetchException e) {
            counters.requestFailed();
            throw e;
        } finally {
            workers.release();
        }
    }

    /** {@code uri} is the page's address as recorded: without any secret the request carries. */
    private Page send(HttpRequest request, URI uri) throws FetchException, InterruptedException {
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw FetchException.retryable(ErrorKind.TIMEOUT, "no answer within " + request.timeout().orElseThrow(), null, e);
        } catch (ConnectException e) {
            throw FetchException.retryable(ErrorKind.CONNECT_ERROR, "connection failed: " + e, null, e);
        } catch (IOException e) {
            throw FetchException.retryable(ErrorKind.CONNECT_ERROR, "I/O error: " + e, null, e);
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status == 429 || status >= 500) {
                throw FetchException.retryable(ErrorKind.HTTP_ERROR, "HTTP " + status,
                        RetryAfter.parse(response.headers().firstValue("Retry-After")).orElse(null), null);
            }
            if (status < 200 || status > 299) {
                throw FetchException.fatal(ErrorKind.HTTP_ERROR, "HTTP " + status, null);
            }
            return new Page(uri, parse(body), response.headers(), 0);
        } catch (IOException e) {
            throw FetchException.retryable(ErrorKind.CONNECT_ERROR, "I/O error reading the body: " + e, null, e);
        }
    }

    private JsonNode parse(InputStream body) throws IOException, FetchException {
        byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, properties.maxPageBytes() + 1));
        if (bytes.length > properties.maxPageBytes()) {
            throw FetchException.fatal(ErrorKind.MALFORMED_PAGE,
                    "page larger than " + properties.maxPageBytes() + " bytes", null);
        }
        try {
            JsonNode page = PipelineJson.mapper().readTree(bytes);
            if (page.isMissingNode()) {
                throw FetchException.fatal(ErrorKind.MALFORMED_PAGE, "empty body", null);
            }
            return page;
        } catch (JacksonException e) {
            throw FetchException.fatal(ErrorKind.MALFORMED_PAGE, "not JSON: " + firstLine(e.getOriginalMessage()), e);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
    }
}
