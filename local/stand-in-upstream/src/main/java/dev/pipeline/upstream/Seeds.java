package dev.pipeline.upstream;

import java.util.SplittableRandom;

/**
 * Turns (seed, kind, id) into an independent random stream, so any single item can be made
 * without making the ones before it: a page at skip 999,900 costs what the first page costs.
 */
final class Seeds {

    static final long PRODUCTS = 1;
    static final long POSTS = 2;
    static final long USERS = 3;
    static final long SEED_PAGES = 4;
    static final long SEED_ITEMS = 5;
    static final long CHANGING_ITEMS = 6;
    static final long CHANGES = 7;

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Seeds() {}

    static SplittableRandom random(long seed, long kind, int id) {
        // Mixing twice keeps neighbouring ids (and neighbouring seeds) uncorrelated;
        // SplittableRandom alone would give id n+1 the stream of id n shifted by one step.
        return new SplittableRandom(mix(mix(seed * GOLDEN + kind) + id * GOLDEN));
    }

    /** Stafford's variant 13 of the MurmurHash3 finalizer. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
