package dev.pipeline.fetcher.fetch;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads a {@code Retry-After} header (RFC 9110: delay-seconds or an HTTP date), capped. */
final class RetryAfter {

    static final Duration MAX = Duration.ofMinutes(2);

    private RetryAfter() {}

    static Optional<Duration> parse(Optional<String> header) {
        return header.map(String::strip).flatMap(RetryAfter::parse);
    }

    private static Optional<Duration> parse(String value) {
        try {
            return Optional.of(cap(Duration.ofSeconds(Long.parseLong(value))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                return Optional.of(cap(Duration.between(Instant.now(), at)));
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    private static Duration cap(Duration delay) {
        return delay.isNegative() ? Duration.ZERO : delay.compareTo(MAX) > 0 ? MAX : delay;
    }
}
