/**
 * The fetcher's own RFC 9457 problem details for bad requests: what was wrong with the JSON, which
 * field, how large an upload may be, a multipart body that does not parse. The edges both services
 * share (errors that never reach a controller, wildcard content types, the OpenAPI description) are
 * in {@code service-support}.
 */
package dev.pipeline.fetcher.api;
