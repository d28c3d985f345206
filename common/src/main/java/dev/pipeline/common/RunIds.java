package dev.pipeline.common;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Run ids: sortable by start time, unique, and safe as a file name ({@code <runId>.json}), so a
 * valid id can never reach outside the report directory.
 */
public final class RunIds {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private RunIds() {}

    public static String newId(Instant now) {
        return "run-" + STAMP.format(now) + '-'
                + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    }

    /** What {@link #isValid} accepts, in words, for every message that refuses a run id. */
    public static final String RULE = "1-64 letters, digits, '-' or '_', starting with a letter or digit";

    /** {@code [A-Za-z0-9][A-Za-z0-9_-]{0,63}}, checked by hand: it runs for every record read. */
    public static boolean isValid(String runId) {
        if (runId == null || runId.isEmpty() || runId.length() > 64 || !isLetterOrDigit(runId.charAt(0))) {
            return false;
        }
        for (int i = 1; i < runId.length(); i++) {
            char c = runId.charAt(i);
            if (!isLetterOrDigit(c) && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
