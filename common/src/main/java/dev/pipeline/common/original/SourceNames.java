package dev.pipeline.common.original;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A source's name: it is in product keys, metrics, resilience4j instance names and the report, so
 * it is a short lower-case token ({@link #PATTERN}). The fetcher validates configured names by it;
 * the CLI checks a sources file's before anything starts; and the original's free-text names
 * become one by {@link #fromOriginal}, the same in both.
 */
public final class SourceNames {

    /** 1-63 characters; a compile-time constant, so that a {@code @Pattern} can name it. */
    public static final String PATTERN = "[a-z0-9][a-z0-9_-]{0,62}";
    /** {@link #PATTERN} in words, for messages: "must be " + RULE. */
    public static final String RULE = "1-63 lower-case letters, digits, '-' or '_', starting with a letter or digit";

    private static final Pattern NAME = Pattern.compile(PATTERN);
    private static final int MAX_LENGTH = 63;

    private SourceNames() {}

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * The source name of one of the original's endpoints: its free-text name lower-cased, anything
     * but letters, digits, '-' and '_' made '-', '-' and '_' dropped from both ends (a name starts
     * with a letter or digit), at most 63 characters; {@code source-N} when nothing is left, N
     * being the source's place among all of the run's sources, counting from 1.
     *
     * @param index the source's place among all of the run's sources, counting from 0
     */
    public static String fromOriginal(String name, int index) {
        String cleaned = trimSeparators(name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-"));
        if (cleaned.length() > MAX_LENGTH) {
            cleaned = trimSeparators(cleaned.substring(0, MAX_LENGTH));
        }
        return cleaned.isEmpty() ? "source-" + (index + 1) : cleaned;
    }

    private static String trimSeparators(String name) {
        return name.replaceAll("^[_-]+|[_-]+$", "");
    }
}
