package dev.pipeline.common.original;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The original's {@code paged} flag, read so that every args.json and {@code --url} the original
 * ran runs here too: its {@code --url} took an integer ({@code bool(int(paged))}: 0 is false, any
 * other true), its args.json any JSON value (Python truthiness). Text may also say
 * true/false, yes/no or on/off, in any case; a JSON number must be whole; null is false. Anything
 * else is refused, never guessed: "maybe" or 1.5 is a mistake to point out, not a false.
 *
 * <p>The one reader of it, for the CLI's {@code --url}/{@code --args-file} and the fetcher's
 * {@code pipeline.urls}/{@code pipeline.args-file} alike; its table of forms is
 * {@code common/src/test/resources/original-paged.txt}.
 */
public final class OriginalPaged {

    public static final String EXPECTED = "must be true/false, yes/no, on/off or an integer (0 is false)";

    private static final Set<String> TRUE = Set.of("true", "yes", "on");
    private static final Set<String> FALSE = Set.of("false", "no", "off");
    /** As Python's int() reads a string: a sign, digits, single underscores between them. */
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+(_\\d+)*");

    private OriginalPaged() {}

    /**
     * The third part of {@code URL|name|paged}.
     *
     * @throws IllegalArgumentException saying what is accepted and what was found
     */
    public static boolean fromText(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (TRUE.contains(value)) {
            return true;
        }
        if (FALSE.contains(value)) {
            return false;
        }
        if (INTEGER.matcher(value).matches()) {
            return value.chars().anyMatch(c -> c >= '1' && c <= '9');
        }
        throw new IllegalArgumentException(EXPECTED + ", not '" + text + "'");
    }

    /**
     * An args.json entry's {@code "paged"}, missing or null included.
     *
     * @throws IllegalArgumentException saying what is accepted and what was found
     */
    public static boolean fromJson(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isString()) {
            return fromText(value.stringValue());
        }
        if (value.isNumber()) {
            BigDecimal number = wholeNumber(value);
            if (number != null) {
                return number.signum() != 0;
            }
        }
        throw new IllegalArgumentException(EXPECTED + ", not " + describe(value));
    }

    private static BigDecimal wholeNumber(JsonNode value) {
        try {
            BigDecimal number = value.decimalValue();
            return number.stripTrailingZeros().scale() <= 0 ? number : null;
        } catch (NumberFormatException e) {
            return null; // a double beyond range: infinite
        }
    }

    /** What was found, without echoing a whole object or array back. */
    private static String describe(JsonNode value) {
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "an array";
        }
        return value.toString();
    }
}
