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
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

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
 * @param step         date windows of a backfill, an ISO-8601 duration ({@code P1D}; instant cursors
 *                     only, with {@code end} and {@code start}): a run fetches [from, from+step),
 *                     [from+step, from+2·step), ... up to {@code end}, each window its own first task
 *                     whose requests carry the window's lower bound as the cursor and its upper bound
 *                     in {@code end-parameter} ({@link #windows})
 * @param maxWindows   {@code max-windows}, default 100: the most windows one run plans; the rest wait
 *                     for the next run, which starts where this one's windows ended, so a tiny step
 *                     cannot plan millions of tasks
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
        String step,
        @DefaultValue(Incremental.DEFAULT_MAX_WINDOWS) int maxWindows) {

    /** {@link #maxWindows()} when not configured. */
    public static final String DEFAULT_MAX_WINDOWS = "100";

    @ConstructorBinding
    public Incremental {}

    /** Without a {@code max-windows}: the default. */
    public Incremental(
            String cursorField,
            String parameter,
            String start,
            String lookback,
            String end,
            String endParameter,
            String step) {
        this(cursorField, parameter, start, lookback, end, endParameter, step, Integer.parseInt(DEFAULT_MAX_WINDOWS));
    }

    /**
     * One date window of a backfill: its requests carry {@code from} as the cursor and {@code until}
     * in {@code end-parameter}.
     *
     * @param index its place in the run, from 0: part of its tasks' ids, so that two windows' pages are
     *              never the same task
     */
    public record Window(int index, String from, String until) {}

    /** Whether runs fetch it in date windows ({@code step}). */
    public boolean isWindowed() {
        return step != null;
    }

    /**
     * The windows of a run that starts from {@code from}: consecutive, each {@code step} long, the
     * last clipped to {@code end}, at most {@code max-windows} of them (the rest wait for the next
     * run). A run whose {@code from} is at or past {@code end} (the backfill is done, or a lookback
     * reaches back into it) still gets one window, from {@code from} to {@code end}: a source with
     * no first task would be a run that never ends. Empty when the source is not windowed.
     *
     * @param from where the run starts ({@link #from(String)}); an instant, as validation ensures
     *             (a stored cursor of another kind, set by hand, is fetched as one window to {@code end})
     */
    public java.util.List<Window> windows(String from) {
        if (!isWindowed()) {
            return java.util.List.of();
        }
        Optional<java.time.Instant> lower = Cursors.instant(from);
        java.time.Instant upper = Cursors.instant(end).orElseThrow();
        Duration length = stepDuration().orElseThrow();
        if (lower.isEmpty() || !lower.get().isBefore(upper)) {
            return java.util.List.of(new Window(0, from, end));
        }
        java.util.List<Window> windows = new java.util.ArrayList<>();
        java.time.Instant at = lower.get();
        while (at.isBefore(upper) && windows.size() < maxWindows) {
            java.time.Instant next = at.plus(length);
            boolean last = !next.isBefore(upper);
            windows.add(
                    new Window(windows.size(), windows.isEmpty() ? from : at.toString(), last ? end : next.toString()));
            at = next;
        }
        return java.util.List.copyOf(windows);
    }

    private Optional<Duration> stepDuration() {
        if (step == null || !(step.startsWith("P") || step.startsWith("p"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.parse(step));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

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

    @AssertTrue(message = "incremental.step needs incremental.end: the windows of a backfill end there")
    public boolean isStepEnded() {
        return step == null || end != null;
    }

    @AssertTrue(message = "incremental.step needs incremental.start: the first run's first window begins there")
    public boolean isStepStarted() {
        return step == null || start != null;
    }

    @AssertTrue(
            message = "incremental.step must be a positive ISO-8601 duration (P1D, PT6H): date windows are for"
                    + " instant cursors only")
    public boolean isStepValid() {
        return step == null || stepDuration().filter(d -> d.isPositive()).isPresent();
    }

    @AssertTrue(
            message = "incremental.step needs an instant cursor: incremental.start and incremental.end as instants"
                    + " (2026-01-01T00:00:00Z); a numeric step is not supported")
    public boolean isStepOnInstants() {
        return step == null || !isStepValid() || !isLookbackValid() || kind() == Cursors.Kind.INSTANT;
    }

    @AssertTrue(message = "incremental.max-windows must be at least 1")
    public boolean isMaxWindowsValid() {
        return maxWindows >= 1;
    }

    /**
     * A run's windows reach {@code step × max-windows} past its {@code from}, which is the stored
     * cursor less the lookback: a lookback as long as that would plan every run's windows below the
     * stored cursor, and the backfill would never get past it.
     */
    @AssertTrue(message = "incremental.lookback must be shorter than incremental.step times incremental.max-windows")
    public boolean isLookbackWithinWindows() {
        if (step == null || !isStepValid() || maxWindows < 1) {
            return true;
        }
        Optional<Duration> duration = lookbackDuration();
        return duration.isEmpty()
                || duration.get().compareTo(stepDuration().orElseThrow().multipliedBy(maxWindows)) < 0;
    }
}
