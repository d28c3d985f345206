package dev.pipeline.processor.stats;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Which runs count: those started at or after {@code from} and before {@code to}, either bound
 * open when absent. A report without a start time counts only when both are open.
 */
record StatsWindow(Instant from, Instant to) {

    static final StatsWindow ALL = new StatsWindow(null, null);

    /** @throws IllegalArgumentException with a message for the client when a bound is not an instant */
    static StatsWindow parse(String from, String to) {
        StatsWindow window = new StatsWindow(instant("from", from), instant("to", to));
        if (window.from() != null && window.to() != null && !window.from().isBefore(window.to())) {
            throw new IllegalArgumentException(
                    "'from' (" + window.from() + ") must be before 'to' (" + window.to() + ")");
        }
        return window;
    }

    boolean contains(Instant startedAt) {
        if (startedAt == null) {
            return from == null && to == null;
        }
        return (from == null || !startedAt.isBefore(from)) && (to == null || startedAt.isBefore(to));
    }

    private static Instant instant(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            String shown = text.length() > 64 ? text.substring(0, 64) + "..." : text;
            throw new IllegalArgumentException("'" + name + "' must be an ISO-8601 instant such as "
                    + "2026-11-23T00:00:00Z, not '" + shown + "'");
        }
    }
}
