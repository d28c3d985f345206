package dev.pipeline.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * Where an incremental source's next run starts: its cursor, on {@link Topics#SOURCE_STATE} keyed
 * by source name. Written by the processor instance that reported a run of the source (the run
 * advanced it), or by {@code POST /api/sources/{name}/state} on a fetcher (set or reset).
 *
 * <p>{@code generation} is bumped by every set or reset: an advance carries the generation its
 * run read when it started ({@link RunEvent.Started#generations()}), and one of an older generation
 * than the state's is never written, so a run that started before a reset cannot undo it.
 *
 * @param cursor     the highest cursor value the run's items had ({@link Cursors}); {@code null}
 *                   after a reset: the next run starts from the source's {@code start}
 * @param runId      the run that advanced it; {@code null} when it was set or reset through the API
 * @param updatedAt  when it was written
 * @param generation bumped by every set or reset; 0 before the first
 * @param withoutCursor items of the advancing run whose cursor field was missing or not comparable
 *                   (published all the same, so not skipped; counted so that it shows)
 */
public record SourceState(
        String source,
        String cursor,
        String runId,
        Instant updatedAt,
        long generation,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) Long withoutCursor) {

    public SourceState {
        // Boxed so that a state written without it (none were without a cursor) reads as 0.
        withoutCursor = withoutCursor == null ? 0L : withoutCursor;
    }

    /**
     * The state a source is in after {@code records}, every record of its key read in order: the
     * latest generation's highest cursor. Two processor instances that report two runs of the
     * source at once may write in either order; taking the highest of the generation (and not the
     * last written) keeps the cursor from going backwards while the records are still there; a
     * writer that finds the last record is not the resolved one writes that again ({@link #repair}),
     * so that compaction, which keeps only the last, keeps it. Within a generation a reset
     * ({@code null} cursor) is only ever its first record.
     */
    public static Optional<SourceState> resolve(Collection<SourceState> records) {
        SourceState resolved = null;
        for (SourceState record : records) {
            if (resolved == null
                    || record.generation() > resolved.generation()
                    || (record.generation() == resolved.generation()
                            && Cursors.ORDER.compare(record.cursor(), resolved.cursor()) > 0)) {
                resolved = record;
            }
        }
        return Optional.ofNullable(resolved);
    }

    /**
     * The state to write again when {@code records} (a source's, in the order written) end with
     * one that is not their resolved state: two advances landed out of order. Empty when the last
     * record is the resolved one, as it is unless two writers raced.
     */
    public static Optional<SourceState> repair(java.util.List<SourceState> records) {
        Optional<SourceState> resolved = resolve(records);
        return resolved.filter(state -> !state.equals(records.getLast()));
    }
}
