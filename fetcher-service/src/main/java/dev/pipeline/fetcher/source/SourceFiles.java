package dev.pipeline.fetcher.source;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.original.DuplicateSourceName;
import dev.pipeline.common.original.InvalidSourceInput;
import dev.pipeline.common.original.JsonFiles;
import dev.pipeline.common.original.MergedSources;
import dev.pipeline.common.original.OriginalArgsFile;
import dev.pipeline.common.original.OriginalEndpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Sources given at startup rather than in {@code application.yml}: {@code pipeline.sources-file}
 * (this project's format, JSON), {@code pipeline.args-file} (the original's {@code args.json})
 * and {@code pipeline.urls} (the original's {@code --url URL|name|paged}, comma-separated), the
 * original's read and merged by the rules the CLI uses too ({@code dev.pipeline.common.original}).
 * When any is set, together they replace {@code pipeline.sources}, identical URLs once. They become
 * ordinary {@code pipeline.sources[i].*} properties, so they are bound and validated exactly as
 * YAML sources are, with the same messages naming the field; what cannot become one (a file that
 * is not JSON, an args entry without a URL, two sources that would have one name) stops the
 * startup with a message naming the property, the file and the entry.
 */
public class SourceFiles implements EnvironmentPostProcessor, Ordered {

    static final String SOURCES_FILE = "pipeline.sources-file";
    static final String ARGS_FILE = "pipeline.args-file";
    static final String URLS = "pipeline.urls";
    /** Where the original looked for a page's items: the root array, else {@code data}, else {@code products}. */
    static final List<String> ORIGINAL_ITEMS = List.of("", "/data", "/products");

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String sourcesFile = environment.getProperty(SOURCES_FILE, "");
        String argsFile = environment.getProperty(ARGS_FILE, "");
        List<String> urls = List.of(environment.getProperty(URLS, String[].class, new String[0]));
        if (sourcesFile.isBlank() && argsFile.isBlank() && urls.isEmpty()) {
            BodyPropertyNames.check(environment);
            return;
        }
        List<Map<String, Object>> sources = new ArrayList<>();
        MergedSources merged = new MergedSources();
        try {
            if (!sourcesFile.isBlank()) {
                JsonNode list = sourcesFileList(sourcesFile);
                for (int i = 0; i < list.size(); i++) {
                    JsonNode source = list.get(i);
                    sources.add(flatten(source));
                    merged.addSource(
                            source.path("name").isString() ? source.path("name").stringValue() : null,
                            source.path("url").asString(""),
                            SOURCES_FILE + " " + sourcesFile + ", source " + (i + 1));
                }
            }
            if (!argsFile.isBlank()) {
                List<OriginalEndpoint> entries = argsFileEntries(argsFile);
                for (int i = 0; i < entries.size(); i++) {
                    merged.addEndpoint(entries.get(i), ARGS_FILE + " " + argsFile + ", entry " + (i + 1))
                            .ifPresent(endpoint -> sources.add(asSourceProperties(endpoint)));
                }
            }
            for (int i = 0; i < urls.size(); i++) {
                String url = urls.get(i);
                if (!url.isBlank()) {
                    String where = URLS + "[" + i + "] '" + url + "'";
                    merged.addEndpoint(urlOption(url, where), where)
                            .ifPresent(endpoint -> sources.add(asSourceProperties(endpoint)));
                }
            }
        } catch (DuplicateSourceName e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        for (int i = 0; i < sources.size(); i++) {
            String prefix = "pipeline.sources[" + i + "].";
            sources.get(i).forEach((name, value) -> properties.put(prefix + name, value));
        }
        environment.getPropertySources().addFirst(new MapPropertySource("pipeline-source-files", properties));
    }

    private static JsonNode sourcesFileList(String sourcesFile) {
        JsonNode file;
        try {
            file = JsonFiles.read(Path.of(sourcesFile));
        } catch (InvalidSourceInput e) {
            throw new IllegalStateException(e.in(SOURCES_FILE + " " + sourcesFile), e);
        }
        JsonNode list = file.isArray() ? file : file.path("sources");
        if (!list.isArray()) {
            throw new IllegalStateException(
                    SOURCES_FILE + " " + sourcesFile + ": expected a JSON array of sources, or {\"sources\": [...]}");
        }
        return list;
    }

    private static List<OriginalEndpoint> argsFileEntries(String argsFile) {
        try {
            return OriginalArgsFile.read(Path.of(argsFile));
        } catch (InvalidSourceInput e) {
            throw new IllegalStateException(e.in(ARGS_FILE + " " + argsFile), e);
        }
    }

    private static OriginalEndpoint urlOption(String url, String where) {
        try {
            return OriginalEndpoint.fromUrlOption(url);
        } catch (InvalidSourceInput e) {
            throw new IllegalStateException(e.in(where), e);
        }
    }

    /**
     * One of the original's endpoints as a source's properties, relative to {@code pipeline.sources[i]}:
     * {@code {page}} counts from 1, {@code {skip}} advances by the items the previous page returned,
     * an empty page ends it, and items are the root array or under {@code data} or {@code products}.
     * A page with none of those (httpbin's echo, whose {@code data} is a string) is a page without
     * items, as it was to the original, not an error.
     *
     * @param endpoint named with its source name ({@link MergedSources})
     */
    static Map<String, Object> asSourceProperties(OriginalEndpoint endpoint) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("name", endpoint.name());
        properties.put("url", endpoint.url());
        for (int i = 0; i < ORIGINAL_ITEMS.size(); i++) {
            properties.put("items[" + i + "]", ORIGINAL_ITEMS.get(i));
        }
        properties.put("items-required", "false");
        String url = endpoint.url();
        boolean template = endpoint.paged() && (url.contains("{page}") || url.contains("{skip}"));
        properties.put("pagination.kind", template ? "template" : "none");
        endpoint.headers().forEach((header, value) -> properties.put("headers[" + header + "]", value));
        return properties;
    }

    /**
     * A source's JSON as relative property names; keys of headers and query are map keys. Its
     * request body ({@code body}, {@code graphql.variables}) is not flattened: it becomes
     * {@code body-json} ({@code graphql.variables-json}), its JSON text, so that it is sent exactly
     * as the file has it (property names would lose {@code $} and {@code @} from its keys, split
     * them at dots, and give {@code []} and {@code null} as {@code ""}).
     */
    static Map<String, Object> flatten(JsonNode source) {
        Map<String, Object> properties = new LinkedHashMap<>();
        flatten("", source, false, properties);
        return properties;
    }

    private static void flatten(String path, JsonNode node, boolean mapKeys, Map<String, Object> out) {
        if (isBody(path) && node.isObject()) {
            out.put(path + "-json", PipelineJson.mapper().writeValueAsString(node));
        } else if (node.isObject()) {
            node.properties().forEach(entry -> {
                String key = entry.getKey();
                String child = mapKeys ? path + "[" + key + "]" : (path.isEmpty() ? key : path + "." + key);
                flatten(child, entry.getValue(), key.equals("headers") || key.equals("query"), out);
            });
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                out.put(path, "");
            }
            for (int i = 0; i < node.size(); i++) {
                flatten(path + "[" + i + "]", node.get(i), false, out);
            }
        } else if (!node.isNull()) {
            out.put(path, node.asString());
        }
    }

    /** Whether the property is a request body ({@code body}, {@code graphql.variables}). */
    private static boolean isBody(String path) {
        return path.equals("body") || path.equals("graphql.variables");
    }
}
