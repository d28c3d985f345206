package dev.pipeline.fetcher.run;

import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The optional body of {@code POST /api/runs}: configured sources by name; all when absent. An
 * unknown property is refused ({@code spring.jackson.deserialization.fail-on-unknown-properties}),
 * so that a typo ({@code "source"}) cannot quietly run every source.
 */
public record RunRequest(@Size(max = 100) List<String> sources) {}
