package dev.pipeline.processor.store;

/** The report bucket could not be used at startup: missing, not readable with these credentials, or unreachable. */
class BucketCheckException extends RuntimeException {

    private final String bucket;
    private final String endpoint;

    BucketCheckException(String bucket, String endpoint, Throwable cause) {
        super("The report bucket '" + bucket + "' at " + endpoint + " cannot be used: " + cause.getMessage(), cause);
        this.bucket = bucket;
        this.endpoint = endpoint;
    }

    String bucket() {
        return bucket;
    }

    String endpoint() {
        return endpoint;
    }
}
