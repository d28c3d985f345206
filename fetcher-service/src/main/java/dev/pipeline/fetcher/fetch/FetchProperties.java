package dev.pipeline.fetcher.fetch;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * HTTP settings shared by every source: {@code pipeline.fetch.*}.
 *
 * @param workers        pages in flight at once across all sources (the original's {@code --workers})
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout    how long to wait for a whole response, from the request to the body's last
 *                       byte (httpbin's /delay/N is the slow one)
 * @param maxPageBytes   a response larger than this is a malformed page, not an out-of-memory error
 * @param openCircuitWait how long a page waits for its source's open circuit breaker to let calls
 *                       through again before it is a {@code circuit_open} error; more than the
 *                       breakers' {@code wait-duration-in-open-state}, so that a page outlasts
 *                       an outage of that length, and never more than the task's time left
 */
@Validated
@ConfigurationProperties("pipeline.fetch")
public record FetchProperties(
        @Min(1) @Max(1024) int workers,
        @NotNull Duration connectTimeout,
        @NotNull Duration readTimeout,
        @Min(1024) long maxPageBytes,
        @NotNull Duration openCircuitWait) {

    public FetchProperties {
        workers = workers == 0 ? 16 : workers;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(2) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(10) : readTimeout;
        maxPageBytes = maxPageBytes == 0 ? 32L * 1024 * 1024 : maxPageBytes;
        openCircuitWait = openCircuitWait == null ? Duration.ofSeconds(30) : openCircuitWait;
    }
}
