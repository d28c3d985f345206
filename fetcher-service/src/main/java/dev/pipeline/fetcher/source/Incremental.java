package dev.pipeline.fetcher.source;

import dev.pipeline.common.Cursors;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An incremental source, {@code incremental:}: each run fetches only the items changed since the
 * cursor its previous reported run reached (kept in {@code pipeline.source-state}, see
 * {@code dev.pipeline.common.SourceState}). Validated at startup, naming the field.
 *
 * <p>Cursor values compare as instants when both parse as ISO-8601 instants, else as numbers
 * when both are numbers, else as strings ({@link Cursors}). The kind a source expects follows
 * from what it configures: {@code lookback} as a duration, or {@code start}/{@code end} as
 * instants, make it an instant cursor; as numbers, a numeric cursor; none of them, any text. An
 * item whose cursor field is missing or of another kind is published all the same and counted.
 *
 * @param cursorField  {@code cursor-field}: JSON pointer to the cursor in an item ({@code /updatedAt}, {@code /id})
 * @param parameter    the query parameter the cursor is sent in ({@code updated_after}); leave out
 *                     to place it in the url as {@code {cursor}} instead (exactly one of the two)
 * @param start        the cursor of the first run, when none is stored yet; absent: the first run
 *                     fetches everything, without the parameter (a {@code {cursor}} url needs one)
 * @param lookback     subtracted from the stored cursor when a run starts, so that items that
 *                     arrived late with an older cursor value are fetched again: an ISO-8601
 *                     duration ({@code PT1H}) for an instant cursor, a number for a numeric one
 * @param end          an upper bound for a backfill, sent as {@code end-parameter} on every request
 * @param endParameter {@code end-parameter}: the query parameter {@code end} is sent in ({@code updated_before})
 * @param step         date windows of a backfill: not supported yet; set, it fails validation
 */
public record Incremental(
        @NotBlank(message = "incremental.cursor-field must be a JSON pointer such as /updatedAt")
        @Pattern(regexp = "/.*", message = "incremental.cursor-field must be a JSON pointer such as /updatedAt")
        String cursorField,

        String parameter,
        String start,
        String lookback,
        String end,
        String endParameter,
        String step) {

    /** The kind of cursor value this source expects ({@link Cursors.Kind}). */
    public Cursors.Kind kind() {
        if (lookbackDuration().isPresent()
                || Stream.of(start, end)
                        .anyMatch(v -> v != null && Cursors.instant(v).isPresent())) {
            return Cursors.Kind.INSTANT;
        }
        if (lookbackNumber().isPresent()
                || Stream.of(start, end)
                        .anyMatch(v -> v != null && Cursors.number(v).isPresent())) {
            return Cursors.Kind.NUMBER;
        }
        return Cursors.Kind.TEXT;
    }

    /**
     * Where a run whose source's stored cursor is {@code stored} starts: {@code stored} less the
     * lookback, or {@code start} when nothing is stored ({@code null} when there is none either:
     * from the beginning). A stored cursor of another kind than the lookback's is used as it is.
     */
    public String from(String stored) {
        if (stored == null) {
            return start;
        }
        Optional<Duration> duration = lookbackDuration();
        if (duration.isPresent() && !duration.get().isZero()) {
            return Cursors.instant(stored)
                    .map(at -> at.minus(duration.get()).toString())
                    .orElse(stored);
        }
        Optional<BigDecimal> number = lookbackNumber();
        if (number.isPresent() && number.get().signum() != 0) {
            return Cursors.number(stored)
                    .map(value -> value.subtract(number.get()).toPlainString())
                    .orElse(stored);
        }
        return stored;
    }

    private Optional<Duration> lookbackDuration() {
        if (lookback == null || !(lookback.startsWith("P") || lookback.startsWith("p"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.parse(lookback));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private Optional<BigDecimal> lookbackNumber() {
        return lookback == null ? Optional.empty() : Cursors.number(lookback);
    }

    @AssertTrue(message = "incremental.lookback must be an ISO-8601 duration (PT1H) or a number of 0 or more")
    public boolean isLookbackValid() {
        return lookback == null
                || lookbackDuration().filter(d -> !d.isNegative()).isPresent()
                || lookbackNumber().filter(n -> n.signum() >= 0).isPresent();
    }

    @AssertTrue(
            message = "incremental.start and incremental.end must be of the lookback's kind: instants"
                    + " (2026-01-01T00:00:00Z) with a duration, numbers with a number")
    public boolean isKindConsistent() {
        if (!isLookbackValid()) {
            return true; // said above
        }
        Cursors.Kind kind = kind();
        return Stream.of(start, end).allMatch(v -> v == null || kind.accepts(v));
    }

    @AssertTrue(message = "incremental.end must not be before incremental.start")
    public boolean isEndAfterStart() {
        return start == null || end == null || !isKindConsistent() || Cursors.compare(start, end) <= 0;
    }

    @AssertTrue(message = "incremental.end needs incremental.end-parameter, the query parameter it is sent in")
    public boolean isEndParameterSet() {
        return (end == null) == (endParameter == null || endParameter.isBlank());
    }

    @AssertTrue(
            message = "incremental.step (date windows) is not supported yet: give incremental.end alone,"
                    + " a single upper bound")
    public boolean isStepAbsent() {
        return step == null;
    }
}
