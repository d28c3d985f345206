package dev.pipeline.systemtest.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The properties a service reads, and whether an environment variable sets one of them, decided by
 * Spring Boot's own mapping of environment variables to property names (so {@code ..._PATH_STYLE}
 * and {@code ..._PATHSTYLE} both set {@code path-style}, as they do in the service).
 *
 * <p>What counts as read: every property of the service's and service-support's
 * {@code @ConfigurationProperties} records, nested records followed (their defaults are only in
 * the records, so the YAML does not list them); every key of the service's application*.yml; and
 * Spring Boot's own properties, from the configuration metadata of the Boot jars on this classpath.
 * Read from the sources, not from generated metadata: the build's JDK runs no annotation processor
 * unless told to, so the services' spring-configuration-metadata.json does not exist.
 */
final class BoundProperties {

    private static final Pattern PROPERTIES_ROOT =
            Pattern.compile("@ConfigurationProperties\\(\\s*(?:(?:value|prefix)\\s*=\\s*)?\"([^\"]+)\"\\s*\\)");
    private static final Pattern RECORD = Pattern.compile("\\brecord\\s+(\\w+)\\s*(?:<[^>]*>)?\\s*\\(");
    private static final Pattern STRING = Pattern.compile("\"(\\\\.|[^\"\\\\])*\"");
    private static final Pattern ANNOTATION = Pattern.compile("@[\\w.]+(\\([^()]*\\))?");
    private static final Pattern GENERICS = Pattern.compile("<[^<>]*>");
    private static final Set<String> MULTI_VALUED = Set.of("Map", "List", "Set", "Collection", "SortedMap");

    /** Leaf properties, and prefixes under which any name binds (maps and lists). */
    private final Set<ConfigurationPropertyName> leaves = new LinkedHashSet<>();

    private final Set<ConfigurationPropertyName> prefixes = new LinkedHashSet<>();

    private BoundProperties() {}

    static BoundProperties of(Path root, String module) throws IOException {
        BoundProperties bound = new BoundProperties();
        Map<String, List<String[]>> records = new HashMap<>();
        Map<String, String> roots = new LinkedHashMap<>();
        for (String sources : List.of(module, "service-support")) {
            try (Stream<Path> files = Files.walk(root.resolve(sources).resolve("src/main/java"))) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    readRecords(Files.readString(file), records, roots);
                }
            }
        }
        roots.forEach((prefix, record) -> bound.expand(prefix, record, records, 0));
        try (Stream<Path> files = Files.list(root.resolve(module).resolve("src/main/resources"))) {
            for (Path yaml : files.filter(f -> f.getFileName().toString().matches("application.*\\.ya?ml"))
                    .toList()) {
                bound.addYamlKeys(yaml);
            }
        }
        bound.addBootMetadata();
        return bound;
    }

    /** Whether Spring Boot binds this environment variable to a property the service reads. */
    boolean bindsEnvironmentVariable(String variable) {
        ConfigurationPropertySource environment = environmentWith(variable);
        return leaves.stream().anyMatch(name -> environment.getConfigurationProperty(name) != null)
                || prefixes.stream()
                        .anyMatch(prefix ->
                                environment.containsDescendantOf(prefix) == ConfigurationPropertyState.PRESENT);
    }

    /** Whether the service reads this property (a leaf of its configuration, or under a map of it). */
    boolean reads(String property) {
        ConfigurationPropertyName name = ConfigurationPropertyName.adapt(property, '.');
        return leaves.contains(name) || prefixes.stream().anyMatch(prefix -> prefix.isAncestorOf(name));
    }

    private static ConfigurationPropertySource environmentWith(String variable) {
        var source = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "x"));
        return ConfigurationPropertySources.from(source).iterator().next();
    }

    /** Every {@code record Name(...)} of a source file, and which of them are {@code @ConfigurationProperties} roots. */
    private static void readRecords(String source, Map<String, List<String[]>> records, Map<String, String> roots) {
        String text = STRING.matcher(source).replaceAll("\"\"");
        Matcher record = RECORD.matcher(text);
        while (record.find()) {
            int open = record.end() - 1;
            records.put(record.group(1), components(text.substring(open + 1, closingParenthesis(text, open))));
        }
        // The record an annotation stands on is the next one after it.
        Matcher root = PROPERTIES_ROOT.matcher(source);
        while (root.find()) {
            Matcher annotated = RECORD.matcher(source);
            if (annotated.find(root.end())) {
                roots.putIfAbsent(root.group(1), annotated.group(1));
            }
        }
    }

    private static int closingParenthesis(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalStateException("unbalanced record header at " + open);
    }

    /** {@code @Min(1) Map<String, Foo> fooBars, ...} as {type, name} pairs: {@code {"Map", "fooBars"}}. */
    private static List<String[]> components(String header) {
        String plain = header;
        for (String before = ""; !before.equals(plain); ) {
            before = plain;
            plain = ANNOTATION.matcher(plain).replaceAll("");
            plain = GENERICS.matcher(plain).replaceAll("");
        }
        List<String[]> components = new ArrayList<>();
        for (String component : plain.split(",")) {
            String[] words = component.strip().split("\\s+");
            if (words.length >= 2) {
                String type = words[words.length - 2];
                components.add(new String[] {type.substring(type.lastIndexOf('.') + 1), words[words.length - 1]});
            }
        }
        return components;
    }

    private void expand(String prefix, String record, Map<String, List<String[]>> records, int depth) {
        for (String[] component : records.getOrDefault(record, List.of())) {
            String property = prefix + "." + kebab(component[1]);
            if (MULTI_VALUED.contains(component[0])) {
                prefixes.add(ConfigurationPropertyName.of(property));
            } else if (records.containsKey(component[0]) && depth < 8) {
                expand(property, component[0], records, depth + 1);
            } else {
                leaves.add(ConfigurationPropertyName.of(property));
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private void addYamlKeys(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
                flatten("", document);
            }
        }
    }

    private void flatten(String prefix, Object value) {
        if (value instanceof Map<?, ?> nested) {
            nested.forEach((key, child) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, child));
        } else if (!prefix.isEmpty()) {
            leaves.add(ConfigurationPropertyName.adapt(prefix, '.'));
        }
    }

    /** Spring Boot's own properties: the configuration metadata every Boot jar here carries. */
    private void addBootMetadata() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        for (String resource : List.of(
                "META-INF/spring-configuration-metadata.json",
                "META-INF/additional-spring-configuration-metadata.json")) {
            for (URL url : Collections.list(getClass().getClassLoader().getResources(resource))) {
                try (InputStream in = url.openStream()) {
                    for (JsonNode property : json.readTree(in).path("properties")) {
                        String name = property.path("name").asString();
                        if (!name.startsWith("spring.") || !ConfigurationPropertyName.isValid(name)) {
                            continue;
                        }
                        boolean map = property.path("type").asString().startsWith("java.util.Map");
                        (map ? prefixes : leaves).add(ConfigurationPropertyName.of(name));
                    }
                }
            }
        }
    }
}
