/**
 * Fetch: one page over HTTP behind the source's resilience4j guards (bulkhead, rate limiter,
 * circuit breaker, retry), and which page comes next. A source with OAuth2 client credentials
 * gets its access token here too ({@code AccessTokens}, {@code ClientCredentialsGrant}): on the
 * same HTTP client, one token per source shared by its requests, renewed shortly before it
 * expires and once on a 401. A {@code method: POST} source's page is a POST of its body, the
 * fields its paging moves taken from the page's address ({@code BodyPage}); a GraphQL source's
 * answer with {@code errors}, or without {@code data}, is a {@code graphql_error} ({@code GraphQlAnswers}).
 */
package dev.pipeline.fetcher.fetch;
