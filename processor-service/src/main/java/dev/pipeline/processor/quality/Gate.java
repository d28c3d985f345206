package dev.pipeline.processor.quality;

/** The quality gates a source can declare; the wire name is the report's {@code quality.gates[].gate}. */
public enum Gate {
    /** {@code min-items}: at least this many products of the source. */
    MIN_ITEMS("min_items"),
    /** {@code max-invalid-ratio}: at most this share of its items invalid. */
    MAX_INVALID_RATIO("max_invalid_ratio"),
    /** {@code max-drop-vs-last-run}: at most this drop of its products against the last complete run. */
    MAX_DROP_VS_LAST_RUN("max_drop_vs_last_run");

    private final String wireName;

    Gate(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
