package dev.pipeline.fetcher.schedule;

/** A schedule that cannot run as configured, found at startup; the message names the setting. */
class InvalidScheduleException extends RuntimeException {

    private final String property;

    InvalidScheduleException(String property, String reason) {
        super(property + ": " + reason);
        this.property = property;
    }

    String property() {
        return property;
    }
}
