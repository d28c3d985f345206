package dev.pipeline.fetcher.run;

import jakarta.validation.constraints.Size;

import java.util.List;

/** The optional body of {@code POST /api/runs}: configured sources by name; all when absent. */
public record RunRequest(@Size(max = 100) List<String> sources) {
}
