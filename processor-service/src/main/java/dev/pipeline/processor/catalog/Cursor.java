package dev.pipeline.processor.catalog;

import java.util.Base64;

/**
 * The opaque cursor of a catalogue page: the last key of the page before, in URL-safe base64.
 * Key order is the store's (bytes of the UTF-8 key), so a cursor stays valid however the
 * catalogue changes: a key added before it is not seen by that listing, none is seen twice.
 */
final class Cursor {

    /** Keys are ids of an upstream plus a source name; anything longer is not a cursor of ours. */
    static final int MAX_LENGTH = 4096;

    private Cursor() {}

    static String of(byte[] key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    /** The key, or {@code IllegalArgumentException} saying why the text is not a cursor. */
    static byte[] key(String cursor) {
        if (cursor.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("is longer than any cursor this service gives out");
        }
        try {
            byte[] key = Base64.getUrlDecoder().decode(cursor);
            if (key.length == 0) {
                throw new IllegalArgumentException("is empty");
            }
            return key;
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("is not a cursor this service gave out");
        }
    }
}
