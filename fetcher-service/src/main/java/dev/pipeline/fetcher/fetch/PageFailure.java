package dev.pipeline.fetcher.fetch;

import dev.pipeline.common.ErrorKind;
import java.net.URI;

/** A page given up on: why, and after how many requests. */
public record PageFailure(URI uri, ErrorKind kind, String message, int attempts) {}
