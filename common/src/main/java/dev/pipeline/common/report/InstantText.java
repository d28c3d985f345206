package dev.pipeline.common.report;

import java.time.Instant;

/**
 * {@link Instant#toString()}, character for character, without a {@code DateTimeFormatter}: a
 * report row prints two instants, and at a million rows the formatter was most of a row's cost.
 * Years 0000 to 9999 are printed here; any other instant (never one a clock gives) by
 * {@code Instant.toString()} itself.
 */
final class InstantText {

    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z, as epoch seconds: the years printed here. */
    private static final long FIRST = -62_167_219_200L;

    private static final long LAST = 253_402_300_799L;

    private InstantText() {}

    /** As {@code String.valueOf(instant)}: {@code "null"} for {@code null}. */
    static String of(Instant instant) {
        if (instant == null) {
            return "null";
        }
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST || seconds > LAST) {
            return instant.toString();
        }
        long days = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        // Days to a civil date (proleptic Gregorian), after Howard Hinnant's days_from_civil inverse.
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        int dayOfEra = (int) (z - era * 146_097);
        int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        int mp = (5 * dayOfYear + 2) / 153;
        int day = dayOfYear - (153 * mp + 2) / 5 + 1;
        int month = mp < 10 ? mp + 3 : mp - 9;
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);

        int nano = instant.getNano();
        char[] text = new char[nano == 0 ? 20 : nano % 1_000_000 == 0 ? 24 : nano % 1000 == 0 ? 27 : 30];
        digits(text, 0, (int) year, 4);
        text[4] = '-';
        digits(text, 5, month, 2);
        text[7] = '-';
        digits(text, 8, day, 2);
        text[10] = 'T';
        digits(text, 11, secondOfDay / 3600, 2);
        text[13] = ':';
        digits(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        digits(text, 17, secondOfDay % 60, 2);
        int at = 19;
        if (nano != 0) {
            text[at++] = '.';
            if (nano % 1_000_000 == 0) {
                digits(text, at, nano / 1_000_000, 3);
                at += 3;
            } else if (nano % 1000 == 0) {
                digits(text, at, nano / 1000, 6);
                at += 6;
            } else {
                digits(text, at, nano, 9);
                at += 9;
            }
        }
        text[at] = 'Z';
        return new String(text);
    }

    private static void digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
