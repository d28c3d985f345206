package dev.pipeline.cli.source;

/** A source option or file the fetcher could not use; the message names the option and the fault. */
public final class InvalidSources extends RuntimeException {

    InvalidSources(String message) {
        super(message, null, false, false);
    }
}
