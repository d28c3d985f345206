package dev.pipeline.fetcher.fetch;

/** A page, or why there is none. */
public sealed interface FetchOutcome {

    record Succeeded(Page page) implements FetchOutcome {}

    record Failed(PageFailure failure) implements FetchOutcome {}
}
