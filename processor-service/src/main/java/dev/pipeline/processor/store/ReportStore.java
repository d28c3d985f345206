package dev.pipeline.processor.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where the processor keeps what it writes for a run: its report ({@code <runId>.json}) or, for a
 * run given up, its marker ({@code <runId>.abandoned}). Two kinds of place: a directory of this
 * host ({@code pipeline.processor.reports.store=local}, the default, today's output directory) and
 * S3-compatible object storage ({@code s3}), which instances on different hosts all read.
 *
 * <p>Every write is whole or absent: a reader on any instance sees no object, or the old one, or
 * the new one, never a part (a file renamed into place; an object whose upload completed). Whether
 * a run is done with is not decided by looking here alone: the instance that writes a report
 * announces it on {@code pipeline.runs}, and every instance learns it from there (see
 * ARCHITECTURE.md, "From one machine to a cluster").
 */
public interface ReportStore {

    /** What goes into an object; the stream is buffered, and closed by the store. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** A report or a marker. */
    enum Kind {
        REPORT(".json"),
        MARKER(".abandoned");

        private final String suffix;

        Kind(String suffix) {
            this.suffix = suffix;
        }

        public String suffix() {
            return suffix;
        }
    }

    /**
     * Writes the run's object of that kind whole, or not at all, replacing one there.
     *
     * @return where it is now, its size and its SHA-256
     */
    Stored write(String runId, Kind kind, Content content) throws IOException;

    /** The run's object of that kind, when there is one (its checksum may be unknown: {@code null}). */
    Optional<Stored> find(String runId, Kind kind) throws IOException;

    /** Whether the run has a report or a marker here. */
    default boolean isDone(String runId) throws IOException {
        return find(runId, Kind.REPORT).isPresent() || find(runId, Kind.MARKER).isPresent();
    }

    /**
     * Reads the run's object of that kind from its first byte.
     *
     * @throws java.nio.file.NoSuchFileException when it is not here
     */
    InputStream open(String runId, Kind kind) throws IOException;

    /** Every report and marker here, in no particular order (never a scratch or partial object). */
    List<Stored> list() throws IOException;

    /** Deletes the run's object of that kind; nothing when it is not here. */
    void delete(String runId, Kind kind) throws IOException;

    /**
     * How many writes and deletes have gone through this object since it was made (failed ones
     * too: a write that timed out may still have landed). A reader that keeps a {@link #list} knows
     * it is stale once this has moved, so what this instance wrote is seen at once. {@code 0}, never
     * moving, for a store that does not count: such a store's listing is never kept ({@link
     * #listingReuse} zero).
     */
    default long changes() {
        return 0;
    }

    /**
     * How long a reader may keep a {@link #list} of this store, for the writes of other instances
     * and of hand: zero for a directory of this host (a listing is a directory read, and files there
     * may be written or rewritten by hand); a few seconds for an object store, where a listing is one
     * request per 1,000 keys and the stats and gates would otherwise list the bucket per call.
     */
    default Duration listingReuse() {
        return Duration.ZERO;
    }

    /**
     * A directory of this host for the scratch files of a report being written (its spilled prices
     * and rows, and for an object store the report itself before its upload): the output directory
     * for {@code local}, part of the work directory for {@code s3}. There when this returns (made
     * again if it was removed); one that cannot be made is an {@link java.io.UncheckedIOException}.
     */
    Path scratchDirectory();

    /** Where this store is, for logs and health: {@code /srv/output}, {@code s3://bucket/prefix/}. */
    String describe();
}
