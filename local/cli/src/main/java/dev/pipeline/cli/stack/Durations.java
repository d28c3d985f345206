package dev.pipeline.cli.stack;

import java.time.Duration;

/** Durations in messages people read: "200 ms", "90 s", "10 min" rather than "PT10M". */
public final class Durations {

    private Durations() {}

    public static String describe(Duration duration) {
        if (duration.toMillis() < 1_000) {
            return duration.toMillis() + " ms";
        }
        if (duration.toSeconds() < 120 || duration.toSecondsPart() != 0) {
            return duration.toSeconds() + " s";
        }
        return duration.toMinutes() + " min";
    }
}
