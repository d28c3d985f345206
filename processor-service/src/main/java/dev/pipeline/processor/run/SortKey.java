package dev.pipeline.processor.run;

import java.nio.charset.StandardCharsets;

/**
 * The store key of a product, which fixes the report's product order: by source, then by id,
 * numeric ids in numeric order before the others in text order. Deduplication falls out of it:
 * the same product of the same source always has the same key, and the last write wins. Public
 * for the catalogue, which keeps its baselines under the same keys so that a run's store and the
 * baselines are read side by side in one pass ({@code changes}).
 */
public final class SortKey {

    private static final byte NUMERIC = 1;
    private static final byte TEXT = 2;

    private SortKey() {}

    public static byte[] of(String source, String externalId) {
        byte[] sourceBytes = source.getBytes(StandardCharsets.UTF_8);
        byte[] idBytes = externalId.getBytes(StandardCharsets.UTF_8);
        boolean numeric = isDigits(externalId);
        int prefix = numeric ? 2 : 1;
        byte[] key = new byte[sourceBytes.length + 1 + prefix + idBytes.length];
        System.arraycopy(sourceBytes, 0, key, 0, sourceBytes.length);
        int at = sourceBytes.length;
        key[at++] = 0;
        key[at++] = numeric ? NUMERIC : TEXT;
        if (numeric) {
            // A shorter run of digits is a smaller number (ids are bounded to 128 characters).
            key[at++] = (byte) idBytes.length;
        }
        System.arraycopy(idBytes, 0, key, at, idBytes.length);
        return key;
    }

    private static boolean isDigits(String id) {
        if (id.isEmpty() || id.length() > 127) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (id.charAt(i) < '0' || id.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** The source's name bytes followed by the 0 byte: every key of that source starts with it, and no other's does. */
    public static byte[] prefix(String source) {
        byte[] sourceBytes = source.getBytes(StandardCharsets.UTF_8);
        byte[] prefix = new byte[sourceBytes.length + 1];
        System.arraycopy(sourceBytes, 0, prefix, 0, sourceBytes.length);
        return prefix;
    }

    /** The source of a key made by {@link #of}, as {@code key[0, length)}. */
    public static String source(byte[] key, int length) {
        int end = 0;
        while (end < length && key[end] != 0) {
            end++;
        }
        return new String(key, 0, end, StandardCharsets.UTF_8);
    }

    /** The external id of a key made by {@link #of}, as {@code key[0, length)}. */
    public static String externalId(byte[] key, int length) {
        int at = 0;
        while (at < length && key[at] != 0) {
            at++;
        }
        at++;
        if (at >= length) {
            return "";
        }
        int from = key[at] == NUMERIC ? at + 2 : at + 1;
        return new String(key, from, Math.max(0, length - from), StandardCharsets.UTF_8);
    }
}
