package dev.pipeline.fetcher.publish;

/**
 * A double as {@code Double.toString} writes it (the text Jackson's generator writes for it), found
 * without its general algorithm for the values a price or size usually is: formatting each record's
 * price was 3 % of the fetcher's CPU samples at 1M products (JFR, issue #16), for values such as
 * {@code 129.99}.
 *
 * <p>For {@code x} with 10<sup>-3</sup> ≤ |x| < 10<sup>7</sup>, the least {@code k} (0 to 15) is
 * sought for which the integer {@code m} nearest {@code |x|·10^k} gives back {@code |x|} as
 * {@code m / 10^k} in double arithmetic. That division is exact in its operands ({@code m} below
 * 10<sup>15</sup> and {@code 10^k} are doubles exactly) and rounded to nearest, so the decimal
 * {@code m·10^-k} rounds to {@code |x|}: a decimal of at most 15 significant digits, hence (as
 * {@code SlicedTree.plainDecimalLength} argues: 15 is {@code DBL_DIG}) the only one that short, the
 * one {@code Double.toString} selects, written plain in this range: the integer part, {@code .}, the
 * fraction's {@code k} digits ({@code 0} when {@code k} is 0). Anything else is {@code null}, for the
 * caller to format as before. {@code PlainDecimalTests} compares it with {@code Double.toString}.
 */
final class PlainDecimal {

    private static final int MAX_DIGITS = 15;

    private static final double[] POWERS = new double[MAX_DIGITS + 1];

    private static final long[] LONG_POWERS = new long[MAX_DIGITS + 1];

    static {
        long power = 1;
        for (int k = 0; k <= MAX_DIGITS; k++) {
            LONG_POWERS[k] = power;
            POWERS[k] = power;
            power *= 10;
        }
    }

    private PlainDecimal() {}

    /** {@code Double.toString(value)}, or {@code null} when this does not know it (then format it). */
    static String of(double value) {
        double magnitude = Math.abs(value);
        if (!(magnitude >= 1e-3 && magnitude < 1e7)) {
            return null; // NaN, infinite, zero, or written with an exponent
        }
        for (int k = 0; k <= MAX_DIGITS; k++) {
            double scaled = magnitude * POWERS[k];
            if (scaled >= POWERS[MAX_DIGITS]) {
                return null; // more than 15 digits
            }
            long digits = Math.round(scaled);
            if (digits / POWERS[k] == magnitude) {
                return k > 0 && digits % 10 == 0 ? null : text(value < 0, digits, k);
            }
        }
        return null;
    }

    private static String text(boolean negative, long digits, int k) {
        char[] text = new char[MAX_DIGITS + 3];
        int at = text.length;
        long integer = digits / LONG_POWERS[k];
        long fraction = digits % LONG_POWERS[k];
        if (k == 0) {
            text[--at] = '0';
        }
        for (int i = 0; i < k; i++) {
            text[--at] = (char) ('0' + fraction % 10);
            fraction /= 10;
        }
        text[--at] = '.';
        do {
            text[--at] = (char) ('0' + integer % 10);
            integer /= 10;
        } while (integer > 0);
        if (negative) {
            text[--at] = '-';
        }
        return new String(text, at, text.length - at);
    }
}
