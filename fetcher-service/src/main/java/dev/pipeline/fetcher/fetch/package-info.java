/**
 * Fetch: one page over HTTP behind the source's resilience4j guards (bulkhead, rate limiter,
 * circuit breaker, retry), and which page comes next. A source with OAuth2 client credentials
 * gets its access token here too ({@code AccessTokens}, {@code ClientCredentialsGrant}): on the
 * same HTTP client, one token per source shared by its requests, renewed shortly before it
 * expires and once on a 401.
 */
package dev.pipeline.fetcher.fetch;
