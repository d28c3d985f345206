/**
 * Fetch: one page over HTTP behind the source's resilience4j guards (bulkhead, rate limiter,
 * circuit breaker, retry), and which page comes next.
 */
package dev.pipeline.fetcher.fetch;
