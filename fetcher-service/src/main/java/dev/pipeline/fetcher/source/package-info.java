/**
 * Sources: the declarative description of an HTTP JSON API (URL, headers, where its items are,
 * how it pages, how its fields map to a product and what of the item
 * travels with it ({@code fields.attributes}, {@code fields.item}), what a run of it is expected to bring: its quality
 * gates, {@code expect:}; how it is fetched incrementally, {@code incremental:}, and a backfill's
 * date windows; how it is requested: {@code method}, a JSON {@code body} or {@code body-json} ({@code BodyTemplate})
 * or a {@code graphql:} query ({@code GraphQl})), validated at startup. Auth secrets may be {@code file:} references, read at
 * startup ({@code SecretFiles}).
 */
package dev.pipeline.fetcher.source;
