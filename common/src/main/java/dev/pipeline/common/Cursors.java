package dev.pipeline.common;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Optional;

/**
 * How an incremental source's cursor values compare, the one rule for the fetcher (a task's
 * high-water mark) and the processor (never moving a cursor backwards). Two values compare as
 * instants when both parse as ISO-8601 instants ({@code 2026-01-01T00:00:00Z}, or with an offset,
 * {@code 2026-01-01T01:00:00+01:00}, the same instant); else as numbers when both are numbers
 * ({@code 9} before {@code 10}); else as strings, character by character. So a cursor field that
 * mixes kinds still has an order, but not a meaningful one: a source says which kind it expects
 * ({@link Kind}), and a value of another kind is not comparable for it.
 */
public final class Cursors {

    /** The order of cursor values; {@code null} is before every value (no cursor yet). */
    public static final Comparator<String> ORDER = Comparator.nullsFirst(Cursors::compare);

    private Cursors() {}

    /** The kinds of cursor value: an instant, a number, or any text. */
    public enum Kind {
        INSTANT,
        NUMBER,
        TEXT;

        /** Whether {@code value} is a cursor of this kind: any non-blank text is a {@code TEXT} cursor. */
        public boolean accepts(String value) {
            if (value == null || value.isBlank()) {
                return false;
            }
            return switch (this) {
                case INSTANT -> instant(value).isPresent();
                case NUMBER -> number(value).isPresent();
                case TEXT -> true;
            };
        }
    }

    public static int compare(String a, String b) {
        Optional<Instant> instantA = instant(a);
        Optional<Instant> instantB = instantA.isPresent() ? instant(b) : Optional.empty();
        if (instantA.isPresent() && instantB.isPresent()) {
            return instantA.get().compareTo(instantB.get());
        }
        Optional<BigDecimal> numberA = number(a);
        Optional<BigDecimal> numberB = numberA.isPresent() ? number(b) : Optional.empty();
        if (numberA.isPresent() && numberB.isPresent()) {
            return numberA.get().compareTo(numberB.get());
        }
        return a.compareTo(b);
    }

    /** The later of two cursor values; either may be {@code null}. */
    public static String max(String a, String b) {
        return ORDER.compare(a, b) >= 0 ? a : b;
    }

    /** {@code value} as an ISO-8601 instant, with {@code Z} or an offset, if it is one. */
    public static Optional<Instant> instant(String value) {
        if (value == null || value.length() < 11 || value.charAt(4) != '-') {
            return Optional.empty(); // cheap: most values of a numeric cursor are no date
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(OffsetDateTime.parse(value).toInstant());
            } catch (DateTimeParseException notEither) {
                return Optional.empty();
            }
        }
    }

    /** {@code value} as a decimal number ({@code 42}, {@code -1.5}, {@code 1e3}), if it is one. */
    public static Optional<BigDecimal> number(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        char first = value.charAt(0);
        if (!(Character.isDigit(first) || first == '-' || first == '+' || first == '.')) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BigDecimal(value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
