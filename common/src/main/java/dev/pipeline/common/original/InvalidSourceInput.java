package dev.pipeline.common.original;

/**
 * A source given the original's way (or a file of sources) that cannot be used. It knows what is
 * wrong and, in a file, which entry; the caller knows how the user named it ({@code --url '...'},
 * {@code pipeline.args-file a.json}) and says it with {@link #in(String)}, so that the CLI's
 * messages name its option and the fetcher's its property, over one rule.
 */
public final class InvalidSourceInput extends IllegalArgumentException {

    private final String problem;
    private final boolean ofTheWhole;
    private final int entry;

    private InvalidSourceInput(String problem, boolean ofTheWhole, int entry, Throwable cause) {
        super(compose("source input", problem, ofTheWhole, entry), cause);
        this.problem = problem;
        this.ofTheWhole = ofTheWhole;
        this.entry = entry;
    }

    /** What the input as a whole is or has: "has no \"url\"" reads "…, entry 2 has no \"url\"". */
    static InvalidSourceInput itself(String predicate) {
        return new InvalidSourceInput(predicate, true, -1, null);
    }

    /** A fault in a part of the input: "\"paged\" must be …" reads "…, entry 2: \"paged\" must be …". */
    static InvalidSourceInput part(String fault) {
        return new InvalidSourceInput(fault, false, -1, null);
    }

    static InvalidSourceInput part(String fault, Throwable cause) {
        return new InvalidSourceInput(fault, false, -1, cause);
    }

    /** The same fault, found in the file's entry {@code index} (counting from 0). */
    InvalidSourceInput atEntry(int index) {
        InvalidSourceInput located = new InvalidSourceInput(problem, ofTheWhole, index, getCause());
        located.setStackTrace(getStackTrace());
        return located;
    }

    /** The file's entry it was found in, counting from 0; -1 when it is not one entry's. */
    public int entry() {
        return entry;
    }

    /**
     * The whole message, the input named as the user gave it, e.g. {@code in("--args-file a.json")}:
     * "--args-file a.json, entry 2: \"paged\" must be …".
     */
    public String in(String where) {
        return compose(where, problem, ofTheWhole, entry);
    }

    private static String compose(String where, String problem, boolean ofTheWhole, int entry) {
        return where + (entry < 0 ? "" : ", entry " + (entry + 1)) + (ofTheWhole ? " " : ": ") + problem;
    }
}
