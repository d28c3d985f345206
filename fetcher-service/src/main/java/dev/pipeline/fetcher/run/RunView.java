package dev.pipeline.fetcher.run;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/** A run's state as the REST API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunView(String runId, RunState state, Instant startedAt, Instant finishedAt, String failure,
                      List<SourceView> sources) {

    /** One source's progress: pages and items fetched, errors recorded, requests sent. */
    public record SourceView(String name, String state, long pages, long items, long errors, long requests) {
    }
}
