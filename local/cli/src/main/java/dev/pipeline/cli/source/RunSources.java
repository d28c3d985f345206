package dev.pipeline.cli.source;

import dev.pipeline.common.original.DuplicateSourceName;
import dev.pipeline.common.original.HttpUrls;
import dev.pipeline.common.original.InvalidSourceInput;
import dev.pipeline.common.original.JsonFiles;
import dev.pipeline.common.original.MergedSources;
import dev.pipeline.common.original.OriginalArgsFile;
import dev.pipeline.common.original.OriginalEndpoint;
import dev.pipeline.common.original.SourceNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The sources named on the command line, checked and merged by the fetcher's own rules
 * ({@link MergedSources}). {@code --url}s and the {@code --args-file}'s entries become one
 * generated args file (file entries first, an endpoint whose URL was already named is left out, so
 * it is fetched once), because a URL may hold a comma and a comma-separated property could not
 * carry it. A {@code --sources} file goes to the fetcher as it is; its URLs win over the same URL
 * named the original's way, as in the fetcher itself.
 */
public final class RunSources {

    /** The fetcher's start-up property that reads the generated file. */
    public static final String ARGS_FILE_PROPERTY = "pipeline.args-file";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path sourcesFile;
    private final List<OriginalEndpoint> endpoints;
    private final List<String> names;

    private RunSources(Path sourcesFile, List<OriginalEndpoint> endpoints, List<String> names) {
        this.sourcesFile = sourcesFile;
        this.endpoints = List.copyOf(endpoints);
        this.names = List.copyOf(names);
    }

    /**
     * Reads and checks everything named; any argument may be null or empty.
     *
     * @throws InvalidSources naming the option, the file and what is wrong
     */
    public static RunSources from(List<String> urls, Path argsFile, Path sourcesFile) {
        MergedSources merged = new MergedSources();
        Path sources = sourcesFile == null ? null : sourcesFile.toAbsolutePath().normalize();
        try {
            if (sources != null) {
                readSourcesFile(sources, merged);
            }
            List<Named> named = new ArrayList<>();
            if (argsFile != null) {
                List<OriginalEndpoint> entries = readArgsFile(argsFile);
                for (int i = 0; i < entries.size(); i++) {
                    named.add(new Named(entries.get(i), "--args-file " + argsFile + ", entry " + (i + 1)));
                }
            }
            for (String url : urls == null ? List.<String>of() : urls) {
                String where = "--url '" + url + "'";
                named.add(new Named(fromUrlOption(url, where), where));
            }
            List<OriginalEndpoint> endpoints = new ArrayList<>();
            for (Named candidate : named) {
                merged.addEndpoint(candidate.endpoint(), candidate.where()).ifPresent(endpoints::add);
            }
            return new RunSources(sources, endpoints, merged.names());
        } catch (DuplicateSourceName ex) {
            throw new InvalidSources(ex.getMessage());
        }
    }

    private static OriginalEndpoint fromUrlOption(String url, String where) {
        try {
            return OriginalEndpoint.fromUrlOption(url);
        } catch (InvalidSourceInput ex) {
            throw new InvalidSources(ex.in(where));
        }
    }

    private static List<OriginalEndpoint> readArgsFile(Path argsFile) {
        try {
            return OriginalArgsFile.read(argsFile);
        } catch (InvalidSourceInput ex) {
            throw new InvalidSources(ex.in("--args-file " + argsFile));
        }
    }

    private static void readSourcesFile(Path file, MergedSources merged) {
        JsonNode root;
        try {
            root = JsonFiles.read(file);
        } catch (InvalidSourceInput ex) {
            throw new InvalidSources(ex.in("--sources " + file));
        }
        JsonNode list = root.isArray() ? root : root.path("sources");
        if (!list.isArray()) {
            throw new InvalidSources(
                    "--sources " + file + " is neither a JSON array of sources nor {\"sources\": [...]}");
        }
        if (list.isEmpty()) {
            throw new InvalidSources("--sources " + file + " names no source (an empty array)");
        }
        for (int i = 0; i < list.size(); i++) {
            String where = "--sources " + file + ", source " + (i + 1);
            JsonNode source = list.get(i);
            if (!source.isObject()) {
                throw new InvalidSources(where + " is not an object");
            }
            String name = source.path("name").asString("");
            if (!SourceNames.isValid(name)) {
                throw new InvalidSources(where + ": \"name\" must be " + SourceNames.RULE + ", not '" + name + "'");
            }
            String url = source.path("url").asString("");
            // a ${placeholder} is the fetcher's to resolve, and to check
            if (!url.contains("${") && !HttpUrls.isSourceUrl(url)) {
                throw new InvalidSources(
                        where + " (" + name + "): \"url\" must be an absolute http(s) URL, not '" + url + "'");
            }
            merged.addSource(name, url, where);
        }
    }

    /** Nothing named: the fetcher's configured sources and the stand-in upstream they point at. */
    public boolean isEmpty() {
        return names.isEmpty();
    }

    /** Every source of the run, in the fetcher's order. */
    public List<String> names() {
        return names;
    }

    /** The fetcher's start-up arguments for a {@code --sources} file. */
    public List<String> fetcherArgs() {
        return sourcesFile == null ? List.of() : List.of("--pipeline.sources-file=" + sourcesFile);
    }

    /** The generated args file for {@link #ARGS_FILE_PROPERTY}: every {@code --url} and args-file entry, once. */
    public Optional<String> argsFile() {
        if (endpoints.isEmpty()) {
            return Optional.empty();
        }
        ArrayNode file = JsonNodeFactory.instance.arrayNode();
        endpoints.forEach(endpoint -> file.add(endpoint.toArgsEntry()));
        return Optional.of(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(file));
    }

    /** An endpoint and where it was named, for messages. */
    private record Named(OriginalEndpoint endpoint, String where) {}
}
