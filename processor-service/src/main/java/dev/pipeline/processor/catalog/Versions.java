package dev.pipeline.processor.catalog;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * An item's two latest states that matter for changes: {@code current}, its latest record, and
 * {@code previous}, the latest record before it of another run ({@code null} when every record
 * so far is of {@code current}'s run). A run that publishes an item more than once (a task tried
 * again) replaces {@code current} only, so {@code previous} stays what the item was before that
 * run: a run's baseline holds whether or not the catalogue has already read the run's own records.
 *
 * <pre>[hasPrevious:1][current][previous?]</pre>
 */
record Versions(Version current, Version previous) {

    /** These versions after a record of {@code next}: it becomes current; the current one moves back if of another run. */
    Versions then(Version next) {
        return new Versions(next, current.runId().equals(next.runId()) ? previous : current);
    }

    /** A marker for "the catalogue no longer holds it": see {@link #baseline}. */
    static final Version UNKNOWN = new Version(-1, -1, "", null, "");

    /**
     * The item's state before a run that started at {@code startOffsets}: the latest of the two
     * that came before it; {@code null} when neither did and nothing else was ({@code previous} is
     * absent: the item first appeared at or after the start); {@link #UNKNOWN} when both came after
     * the start (two later runs published it before this report was made: the state before is
     * no longer kept).
     */
    Version baseline(Map<Integer, Long> startOffsets) {
        if (current.before(startOffsets)) {
            return current;
        }
        if (previous == null) {
            return null;
        }
        return previous.before(startOffsets) ? previous : UNKNOWN;
    }

    byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(1 + current.size() + (previous == null ? 0 : previous.size()));
        out.put((byte) (previous == null ? 0 : 1));
        current.writeTo(out);
        if (previous != null) {
            previous.writeTo(out);
        }
        return out.array();
    }

    static Versions decode(ByteBuffer in) {
        boolean hasPrevious = in.get() == 1;
        Version current = Version.readFrom(in);
        return new Versions(current, hasPrevious ? Version.readFrom(in) : null);
    }
}
