package dev.pipeline.fetcher.source;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotEmpty;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** The sources a run may fetch: {@code pipeline.sources[*]}. */
@Validated
@ConfigurationProperties("pipeline")
public record SourcesProperties(@NotEmpty List<@Valid SourceDefinition> sources) {

    public static final String UPLOAD = "upload";

    public SourcesProperties {
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    @AssertTrue(message = "source names must be unique")
    public boolean isEveryNameUnique() {
        return sources.stream().map(SourceDefinition::name).allMatch(new HashSet<>()::add);
    }

    /** Uploaded files are published as the source {@value #UPLOAD}: no configured source may take it. */
    @AssertTrue(message = "the source name '" + UPLOAD + "' is reserved for uploaded files")
    public boolean isUploadNameFree() {
        return sources.stream().noneMatch(s -> UPLOAD.equals(s.name()));
    }

    public Optional<SourceDefinition> find(String name) {
        return sources.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public List<String> names() {
        return sources.stream().map(SourceDefinition::name).toList();
    }
}
