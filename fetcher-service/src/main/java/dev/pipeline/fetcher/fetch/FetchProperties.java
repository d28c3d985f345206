package dev.pipeline.fetcher.fetch;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * HTTP settings shared by every source: {@code pipeline.fetch.*}. The defaults are here and only
 * here; a value out of range stops the service at startup, naming the property.
 *
 * @param workers        pages in flight at once across all sources (the original's {@code --workers})
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout    how long to wait for a whole response, from the request to the body's last
 *                       byte (httpbin's /delay/N is the slow one)
 * @param maxPageBytes   a response larger than this (32 MiB) is a malformed page, not an out-of-memory error
 * @param openCircuitWait how long a page waits for its source's open circuit breaker to let calls
 *                       through again before it is a {@code circuit_open} error; more than the
 *                       breakers' {@code wait-duration-in-open-state}, so that a page outlasts
 *                       an outage of that length, and never more than the task's time left
 */
@Validated
@ConfigurationProperties("pipeline.fetch")
public record FetchProperties(
        @DefaultValue("16") @Min(1) @Max(1024) int workers,

        @DefaultValue("2s") @NotNull @DurationMin(nanos = 0, inclusive = false)
        Duration connectTimeout,

        @DefaultValue("10s") @NotNull @DurationMin(nanos = 0, inclusive = false)
        Duration readTimeout,

        @DefaultValue("33554432") @Min(1024) long maxPageBytes,

        @DefaultValue("30s") @NotNull @DurationMin(nanos = 0)
        Duration openCircuitWait) {}
