package dev.pipeline.cli.run;

/** One source of a run as the fetcher reports it. */
public record SourceProgress(String name, String state, long pages, long items, long errors, long requests) {}
