package dev.pipeline.cli.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The sources named on the command line, checked and merged. {@code --url}s and the
 * {@code --args-file}'s entries become one generated args file (file entries first, an endpoint
 * whose URL was already named is left out, so it is fetched once), because a URL may hold a comma
 * and a comma-separated property could not carry it. A {@code --sources} file goes to the fetcher as
 * it is; its URLs win over the same URL named the original's way, as in the fetcher itself.
 */
public final class RunSources {

    /** The fetcher's start-up property that reads the generated file. */
    public static final String ARGS_FILE_PROPERTY = "pipeline.args-file";

    private static final Pattern SOURCE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
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
        SourceNames names = new SourceNames();
        Set<String> seenUrls = new HashSet<>();
        Path sources = sourcesFile == null ? null : sourcesFile.toAbsolutePath().normalize();
        if (sources != null) {
            readSourcesFile(sources, names, seenUrls);
        }
        List<Named> named = new ArrayList<>();
        if (argsFile != null) {
            named.addAll(readArgsFile(argsFile));
        }
        for (String url : urls == null ? List.<String>of() : urls) {
            named.add(new Named(OriginalEndpoint.fromUrlOption(url), "--url '" + url + "'"));
        }
        List<OriginalEndpoint> endpoints = new ArrayList<>();
        for (Named candidate : named) {
            if (seenUrls.add(candidate.endpoint().url())) {
                // the index the fetcher would give it: after every source of the --sources file
                String name = candidate.endpoint().sourceName(names.count());
                names.add(name, candidate.where());
                endpoints.add(candidate.endpoint().named(name));
            }
        }
        return new RunSources(sources, endpoints, names.all());
    }

    private static List<Named> readArgsFile(Path argsFile) {
        JsonNode file = readJson("--args-file", argsFile);
        if (!file.isArray()) {
            throw new InvalidSources("--args-file " + argsFile + " is not a JSON array of "
                    + "{\"url\", \"name\", \"paged\", \"headers\"}");
        }
        if (file.isEmpty()) {
            throw new InvalidSources("--args-file " + argsFile + " names no endpoint (an empty array)");
        }
        List<Named> entries = new ArrayList<>();
        for (int i = 0; i < file.size(); i++) {
            String where = "--args-file " + argsFile + ", entry " + (i + 1);
            entries.add(new Named(OriginalEndpoint.fromArgsEntry(file.get(i), where), where));
        }
        return entries;
    }

    private static void readSourcesFile(Path file, SourceNames names, Set<String> seenUrls) {
        JsonNode root = readJson("--sources", file);
        JsonNode list = root.isArray() ? root : root.path("sources");
        if (!list.isArray()) {
            throw new InvalidSources("--sources " + file + " is neither a JSON array of sources nor {\"sources\": [...]}");
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
            if (!SOURCE_NAME.matcher(name).matches()) {
                throw new InvalidSources(where + ": \"name\" must be 1-63 lower-case letters, digits, '-' or '_', "
                        + "starting with a letter or digit, not '" + name + "'");
            }
            String url = source.path("url").asString("");
            // a ${placeholder} is the fetcher's to resolve, and to check
            if (!url.contains("${") && !HttpUrls.isAbsoluteHttp(url)) {
                throw new InvalidSources(where + " (" + name + "): \"url\" must be an absolute http(s) URL, not '" + url + "'");
            }
            names.add(name, where);
            seenUrls.add(url);
        }
    }

    private static JsonNode readJson(String option, Path file) {
        if (!Files.exists(file)) {
            throw new InvalidSources(option + " " + file + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidSources(option + " " + file + " is not a file");
        }
        if (!Files.isReadable(file)) {
            throw new InvalidSources(option + " " + file + " cannot be read (permission denied)");
        }
        try {
            JsonNode json = JSON.readTree(Files.readString(file));
            if (json == null || json.isMissingNode()) {
                throw new InvalidSources(option + " " + file + " is empty");
            }
            return json;
        }
        catch (IOException ex) {
            throw new InvalidSources(option + " " + file + " cannot be read: " + ex);
        }
        catch (JacksonException ex) {
            throw new InvalidSources(option + " " + file + " is not valid JSON: " + ex.getOriginalMessage());
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
    private record Named(OriginalEndpoint endpoint, String where) {
    }

    /** Source names must be unique, or the fetcher refuses to start; said here with both origins. */
    private static final class SourceNames {

        private final Map<String, String> origins = new HashMap<>();
        private final List<String> order = new ArrayList<>();

        void add(String name, String where) {
            String earlier = origins.putIfAbsent(name, where);
            if (earlier != null) {
                throw new InvalidSources("two sources would be named '" + name + "' (" + earlier + " and " + where
                        + "); give them different names");
            }
            order.add(name);
        }

        int count() {
            return order.size();
        }

        List<String> all() {
            return order;
        }
    }
}
