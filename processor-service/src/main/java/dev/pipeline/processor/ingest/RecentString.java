package dev.pipeline.processor.ingest;

import tools.jackson.core.JsonParser;

/**
 * The string value a parser is at, as the {@code String} given last time when its text is the same.
 * Shared by the consumer threads without a lock, as {@link Attempts} is: a thread reads a whole
 * {@code String} (immutable, safely published), and a stale or overwritten one only means building
 * the string again. The text is compared character by character, so what is returned always equals
 * what {@link JsonParser#getString()} would have built.
 */
final class RecentString {

    private String last = "";

    /** The parser's current string value (the parser at a {@code VALUE_STRING}). */
    String of(JsonParser in) {
        char[] chars = in.getStringCharacters();
        int offset = in.getStringOffset();
        int length = in.getStringLength();
        String seen = last;
        if (seen.length() == length && same(seen, chars, offset)) {
            return seen;
        }
        String text = new String(chars, offset, length);
        last = text;
        return text;
    }

    private static boolean same(String seen, char[] chars, int offset) {
        for (int i = 0; i < seen.length(); i++) {
            if (seen.charAt(i) != chars[offset + i]) {
                return false;
            }
        }
        return true;
    }
}
