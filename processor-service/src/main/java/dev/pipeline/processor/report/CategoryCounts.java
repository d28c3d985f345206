package dev.pipeline.processor.report;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How many products of a run are in each category, counted from the category's stored UTF-8 bytes
 * in the figures' pass: no {@code String} and no boxed count per product (a run of a million
 * products has a few dozen categories, and decoding each product's category into a new {@code
 * String} to look it up was most of what counting cost). The bytes are decoded once per distinct
 * category at the end, and counts whose bytes decode to the same name are added together, so the
 * counts are the ones a map keyed by the decoded names gives, whatever the bytes.
 *
 * <p>An open-addressing table of the distinct categories' bytes; it doubles when half full, so
 * memory grows with categories, not products.
 */
final class CategoryCounts {

    private byte[][] keys = new byte[64][];
    private long[] counts = new long[64];
    private int[] hashes = new int[64];
    private int size;

    /**
     * Categories are the upstream's data: with a hash anyone can compute, categories made to collide
     * (as {@code "Aa"} and {@code "BB"} do for {@code String.hashCode}) would make each product's
     * count a walk past all of them. A random seed per table, mixed in at every byte, leaves the
     * collisions to chance.
     */
    private final long seed = ThreadLocalRandom.current().nextLong();

    /** One more product of the category whose UTF-8 bytes are {@code bytes[from, from + length)}. */
    void add(byte[] bytes, int from, int length) {
        int hash = hash(bytes, from, length);
        int mask = keys.length - 1;
        for (int slot = mix(hash) & mask; ; slot = (slot + 1) & mask) {
            byte[] key = keys[slot];
            if (key == null) {
                keys[slot] = Arrays.copyOfRange(bytes, from, from + length);
                hashes[slot] = hash;
                counts[slot] = 1;
                if (++size * 2 > keys.length) {
                    grow();
                }
                return;
            }
            if (hashes[slot] == hash && Arrays.equals(key, 0, key.length, bytes, from, from + length)) {
                counts[slot]++;
                return;
            }
        }
    }

    /** The counts by category name. */
    Map<String, Long> byName() {
        Map<String, Long> named = new HashMap<>();
        for (int slot = 0; slot < keys.length; slot++) {
            if (keys[slot] != null) {
                named.merge(new String(keys[slot], StandardCharsets.UTF_8), counts[slot], Long::sum);
            }
        }
        return named;
    }

    private void grow() {
        byte[][] oldKeys = keys;
        long[] oldCounts = counts;
        int[] oldHashes = hashes;
        keys = new byte[oldKeys.length * 2][];
        counts = new long[keys.length];
        hashes = new int[keys.length];
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                int slot = mix(oldHashes[i]) & mask;
                while (keys[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                counts[slot] = oldCounts[i];
                hashes[slot] = oldHashes[i];
            }
        }
    }

    private int hash(byte[] bytes, int from, int length) {
        long hash = seed;
        for (int i = from; i < from + length; i++) {
            hash = (hash ^ (bytes[i] & 0xFF)) * 0x9E3779B97F4A7C15L;
            hash ^= hash >>> 29;
        }
        return (int) (hash ^ (hash >>> 32));
    }

    /** Spreads the hash's high bits into the low ones the table's mask keeps. */
    private static int mix(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
