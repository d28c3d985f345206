package dev.pipeline.processor.catalog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The item under a {@link VersionCursor}, as it was before a run: {@link Versions#baseline} read
 * off the stored bytes without decoding them (no object per item: a report compares a million),
 * reused from item to item and valid until the cursor moves.
 */
public final class Baseline {

    private enum State {
        NONE,
        UNKNOWN,
        KNOWN
    }

    /** Per partition, the run's start offset; -1 for a partition it does not name. */
    private final long[] starts;

    private ByteBuffer value;
    private int at;
    private State state = State.NONE;

    /** For a run that started at {@code startOffsets}. */
    public Baseline(Map<Integer, Long> startOffsets) {
        int partitions =
                startOffsets.keySet().stream().mapToInt(p -> p + 1).max().orElse(0);
        starts = new long[partitions];
        Arrays.fill(starts, -1);
        startOffsets.forEach((partition, offset) -> {
            if (partition >= 0) {
                starts[partition] = offset;
            }
        });
    }

    /** Reads the versions in {@code versions} (from position 0 to its limit): see {@link Versions}'s layout. */
    void of(ByteBuffer versions) {
        value = versions;
        int current = 1;
        if (before(current)) {
            at = current;
            state = State.KNOWN;
        } else if (versions.get(0) == 0) {
            state = State.NONE;
        } else {
            int previous = current + size(current);
            at = previous;
            state = before(previous) ? State.KNOWN : State.UNKNOWN;
        }
    }

    /** No state before the run: the item first appeared at or after its start. */
    public boolean none() {
        return state == State.NONE;
    }

    /** A state before the run the catalogue no longer holds (two later runs published the item). */
    public boolean unknown() {
        return state == State.UNKNOWN;
    }

    public boolean known() {
        return state == State.KNOWN;
    }

    /** Whether the known state had a price. */
    public boolean hasPrice() {
        return value.get(at + 12) == 1;
    }

    /** The known state's price, when it {@link #hasPrice has one}. */
    public double price() {
        return value.getDouble(at + 13);
    }

    /** Whether the known state's category is the UTF-8 bytes {@code bytes[from, from + length)}. */
    public boolean categoryIs(byte[] bytes, int from, int length) {
        int category = at + 22 + runIdLength();
        int stored = value.getInt(category);
        int start = value.arrayOffset() + category + 4;
        return stored == length && Arrays.equals(value.array(), start, start + stored, bytes, from, from + length);
    }

    /** The run that published the known state. */
    public String runId() {
        return new String(value.array(), value.arrayOffset() + at + 22, runIdLength(), StandardCharsets.UTF_8);
    }

    private int runIdLength() {
        return value.get(at + 21) & 0xff;
    }

    private boolean before(int version) {
        int partition = value.getInt(version);
        long offset = value.getLong(version + 4);
        return partition >= 0 && partition < starts.length && starts[partition] >= 0 && offset < starts[partition];
    }

    /** A {@link Version}'s size as written: {@code [partition:4][offset:8][hasPrice:1][price:8][runIdLength:1][runId][categoryLength:4][category]}. */
    private int size(int version) {
        int runId = value.get(version + 21) & 0xff;
        return 26 + runId + value.getInt(version + 22 + runId);
    }
}
