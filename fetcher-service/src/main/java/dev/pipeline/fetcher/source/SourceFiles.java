package dev.pipeline.fetcher.source;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sources given at startup rather than in {@code application.yml}: {@code pipeline.sources-file}
 * (this project's format, JSON), {@code pipeline.args-file} (the original's {@code args.json})
 * and {@code pipeline.urls} (the original's {@code --url URL|name|paged}, comma-separated). When
 * any is set, together they replace {@code pipeline.sources}, identical URLs once. They become
 * ordinary {@code pipeline.sources[i].*} properties, so they are bound and validated exactly as
 * YAML sources are, with the same messages naming the field.
 */
public class SourceFiles implements EnvironmentPostProcessor, Ordered {

    static final String SOURCES_FILE = "pipeline.sources-file";
    static final String ARGS_FILE = "pipeline.args-file";
    static final String URLS = "pipeline.urls";
    private static final JsonMapper JSON = JsonMapper.builder().build();

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
            return;
        }
        List<Map<String, Object>> sources = new ArrayList<>();
        if (!sourcesFile.isBlank()) {
            JsonNode file = read(SOURCES_FILE, sourcesFile);
            JsonNode list = file.isArray() ? file : file.path("sources");
            if (!list.isArray()) {
                throw new IllegalStateException(SOURCES_FILE + " " + sourcesFile
                        + ": expected a JSON array of sources, or {\"sources\": [...]}");
            }
            list.forEach(source -> sources.add(flatten(source)));
        }
        List<OriginalArgs> endpoints = new ArrayList<>();
        if (!argsFile.isBlank()) {
            try {
                endpoints.addAll(OriginalArgs.fromArgsFile(read(ARGS_FILE, argsFile)));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(ARGS_FILE + " " + argsFile + ": " + e.getMessage(), e);
            }
        }
        for (String url : urls) {
            if (!url.isBlank()) {
                try {
                    endpoints.add(OriginalArgs.fromUrlOption(url));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(URLS + " '" + url + "': " + e.getMessage(), e);
                }
            }
        }
        Set<String> seen = new HashSet<>();
        sources.forEach(source -> seen.add(String.valueOf(source.get("url"))));
        for (OriginalArgs endpoint : endpoints) {
            if (seen.add(endpoint.url())) {
                sources.add(endpoint.asSourceProperties(sources.size()));
            }
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        for (int i = 0; i < sources.size(); i++) {
            String prefix = "pipeline.sources[" + i + "].";
            sources.get(i).forEach((name, value) -> properties.put(prefix + name, value));
        }
        environment.getPropertySources().addFirst(new MapPropertySource("pipeline-source-files", properties));
    }

    private static JsonNode read(String property, String file) {
        try {
            return JSON.readTree(Files.readString(Path.of(file)));
        } catch (IOException e) {
            throw new IllegalStateException(property + ": cannot read " + file + ": " + e.getMessage(), e);
        } catch (JacksonException e) {
            throw new IllegalStateException(property + ": " + file + " is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A source's JSON as relative property names; keys of headers and query are map keys. */
    static Map<String, Object> flatten(JsonNode source) {
        Map<String, Object> properties = new LinkedHashMap<>();
        flatten("", source, false, properties);
        return properties;
    }

    private static void flatten(String path, JsonNode node, boolean mapKeys, Map<String, Object> out) {
        if (node.isObject()) {
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
}
