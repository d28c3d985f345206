package dev.pipeline.fetcher.quota;

/** A {@code pipeline.quota.*} setting that cannot work as configured, found at startup; the message names it. */
class InvalidQuotaConfigException extends RuntimeException {

    private final String property;

    InvalidQuotaConfigException(String property, String reason) {
        super(property + ": " + reason);
        this.property = property;
    }

    String property() {
        return property;
    }
}
