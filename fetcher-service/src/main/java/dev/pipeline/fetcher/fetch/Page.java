package dev.pipeline.fetcher.fetch;

import java.net.URI;
import java.net.http.HttpHeaders;
import tools.jackson.databind.JsonNode;

/**
 * A page a source answered with, parsed.
 *
 * @param attempts requests it took, retries included
 */
public record Page(URI uri, JsonNode body, HttpHeaders headers, int attempts) {}
