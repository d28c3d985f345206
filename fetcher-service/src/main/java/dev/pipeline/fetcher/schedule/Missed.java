package dev.pipeline.fetcher.schedule;

/**
 * What a schedule does with ticks missed: more than its {@code grace} late, because no fetcher
 * instance could fire them (every one was down). Ticks less late are each fired, late.
 */
public enum Missed {
    /** Nothing: the next tick to come is the next run. */
    SKIP,
    /** One run for all of them, as the latest missed tick, then on as scheduled. */
    RUN_ONCE;

    /** As written in the configuration and shown by the API: {@code skip}, {@code run-once}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
