package dev.pipeline.fetcher.state;

/**
 * {@code pipeline.source-state} could not be read to its end or written in time: Kafka's outage, not a
 * bug of the caller. Its own type so that the API can answer 503 for exactly this and nothing else.
 */
public class StateUnavailableException extends RuntimeException {

    StateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
