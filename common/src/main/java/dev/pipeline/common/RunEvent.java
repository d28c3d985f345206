package dev.pipeline.common;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What happens to a run, on {@link Topics#RUNS} keyed by run id. A run's events arrive in this
 * order: one {@link Started}, any number of {@link FetchFailed} and {@link SourceFinished}, one
 * {@link Fetched} last.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = RunEvent.Started.class, name = "started"),
        @JsonSubTypes.Type(value = RunEvent.FetchFailed.class, name = "fetch_failed"),
        @JsonSubTypes.Type(value = RunEvent.SourceFinished.class, name = "source_finished"),
        @JsonSubTypes.Type(value = RunEvent.Fetched.class, name = "fetched")
})
public sealed interface RunEvent {

    String runId();

    /**
     * The run began; {@code sources} are the names of every source it fetches. {@code startOffsets}
     * maps each {@link Topics#PRODUCTS} partition to its end offset before the run wrote anything:
     * none of the run's records is below it, so a reader can fetch the run's range directly.
     */
    record Started(String runId, List<String> sources, Instant startedAt, Map<Integer, Long> startOffsets)
            implements RunEvent {
        public Started {
            sources = List.copyOf(sources);
            startOffsets = startOffsets == null ? Map.of() : Map.copyOf(startOffsets);
        }

        public Started(String runId, List<String> sources, Instant startedAt) {
            this(runId, sources, startedAt, Map.of());
        }
    }

    /**
     * Something fetched did not become a product: a page that failed after its retries, a
     * rejected call, an unparsable page, an invalid item.
     *
     * @param endpoint the URL concerned
     * @param kind     one of {@link ErrorKind}'s wire names
     * @param attempts requests sent for it (0 when none was sent, e.g. circuit open)
     */
    record FetchFailed(String runId, String source, String endpoint, String error, String kind,
                       int attempts, Instant timestamp) implements RunEvent {
    }

    /** A source has nothing more to fetch in this run. Counts are requests actually sent. */
    record SourceFinished(String runId, String source, SourceStats stats, Instant finishedAt)
            implements RunEvent {
    }

    /**
     * Every product and every other event of the run has been written. {@code lastOffsets} maps
     * each {@link Topics#PRODUCTS} partition the run wrote to, to the offset of its last record
     * there; the run is complete once a reader has consumed each partition past that offset.
     */
    record Fetched(String runId, Map<Integer, Long> lastOffsets, long productsPublished, Instant fetchedAt)
            implements RunEvent {
        public Fetched {
            lastOffsets = Map.copyOf(lastOffsets);
        }
    }
}
