package dev.pipeline.fetcher.publish;

/** A run's records could not all be written to Kafka, so the run cannot complete. */
public class RunPublishException extends Exception {

    public RunPublishException(String runId, Throwable cause) {
        super("run " + runId + " could not be published: " + cause.getMessage(), cause);
    }
}
