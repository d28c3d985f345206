/**
 * The quotas APIs announce in response headers ({@code RateLimit}, {@code RateLimit-*},
 * {@code X-RateLimit-*}), and the pacing they ask for: a source slows so that what its API says is
 * left lasts until the window resets once it runs low (the reserve), before the API starts refusing. Shared between fetcher
 * instances through {@code pipeline.source-quota}, since the API counts them all.
 */
package dev.pipeline.fetcher.quota;
