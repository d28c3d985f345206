/**
 * A stand-in upstream: a small real HTTP server that serves generated, seeded data in the shapes
 * and pagination rules of the four reference APIs (DummyJSON, JSONPlaceholder, Reqres, httpbin),
 * plus a fault-injecting API, items that change by generation ({@code /changing/items}, for
 * incremental sync) and an OAuth2 client credentials token endpoint ({@code POST /oauth/token})
 * with a product endpoint behind its short-lived tokens ({@code /oauth/products}), and the products
 * queried in a POST body: a search paged by offset or cursor in the body ({@code POST /search/products})
 * and a GraphQL endpoint on graphql-java ({@code POST /graphql}, Relay cursor paging). It runs as its
 * own process for the local run, in-process for
 * other modules' tests, and at a million products for benchmarks, so every page is generated on
 * the fly from the item ids it covers.
 *
 * <p>Public: {@link dev.pipeline.upstream.StandInUpstream} (start, stop, counters),
 * {@link dev.pipeline.upstream.Settings}, {@link dev.pipeline.upstream.CatalogSize},
 * {@link dev.pipeline.upstream.Catalog} and its records (so tests can compute expected figures),
 * {@link dev.pipeline.upstream.FaultyApi}, {@link dev.pipeline.upstream.ChangingItems} with
 * {@link dev.pipeline.upstream.ChangingItem} and {@link dev.pipeline.upstream.ChangingGenerations}
 * (what each generation holds, and which one a server serves), {@link dev.pipeline.upstream.OAuthSettings}
 * and {@link dev.pipeline.upstream.OAuthServer} (its counters, revoking tokens, a token endpoint
 * down). Endpoints and plumbing are package-private.
 */
package dev.pipeline.upstream;
