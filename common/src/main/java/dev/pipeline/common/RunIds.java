package dev.pipeline.common;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Run ids: sortable by start time, unique, and safe as a file name ({@code <runId>.json}), so a
 * valid id can never reach outside the report directory.
 */
public final class RunIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private RunIds() {
    }

    public static String newId(Instant now) {
        return "run-" + STAMP.format(now) + '-' + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    }

    public static boolean isValid(String runId) {
        return runId != null && VALID.matcher(runId).matches();
    }
}
