package dev.pipeline.fetcher.fetch;

import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpHeaders;

/**
 * A page a source answered with, parsed.
 *
 * @param attempts requests it took, retries included
 */
public record Page(URI uri, JsonNode body, HttpHeaders headers, int attempts) {
}
