package dev.pipeline.support.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Keeps each {@code pipeline.*} default in one place, its {@code @ConfigurationProperties} record
 * ({@code @DefaultValue}, or a compact constructor filling in what is unset): finds where one is
 * written again, in an application YAML or in a {@code ${pipeline.x:default}} placeholder. The
 * services' tests run it over their own records, YAML and sources.
 */
public final class ConfigDefaults {

    /** A placeholder of a pipeline property with a default after the colon. */
    private static final Pattern PLACEHOLDER_DEFAULT = Pattern.compile("\\$\\{\\s*pipeline\\.[^}:]*:[^}]*}");

    private ConfigDefaults() {}

    /** The {@code @ConfigurationProperties} records in these packages and below. */
    public static List<Class<?>> propertiesRecords(String... packages) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        List<Class<?>> records = new ArrayList<>();
        for (String name : packages) {
            for (BeanDefinition candidate : scanner.findCandidateComponents(name)) {
                Class<?> type = ClassUtils.resolveClassName(
                        candidate.getBeanClassName(), ConfigDefaults.class.getClassLoader());
                if (type.isRecord()) {
                    records.add(type);
                }
            }
        }
        records.sort(Comparator.comparing(Class::getName));
        return records;
    }

    /**
     * Each property of the record that has a default, by its name ({@code pipeline.tasks.consumers}),
     * with the default: what binding gives when nothing is set. A component has a default when it is
     * annotated {@code @DefaultValue}, or when it is not null (nor an empty collection, nor a primitive
     * zero) with nothing set, which only its compact constructor can have made it.
     */
    public static Map<String, Object> defaults(Class<?> record) {
        String prefix = prefix(record);
        Object unset = new Binder(List.of()).bindOrCreate(prefix, Bindable.of(record));
        Parameter[] parameters = parameters(record);
        Map<String, Object> defaults = new LinkedHashMap<>();
        for (Parameter parameter : parameters) {
            Object value = parameter.valueIn(unset);
            if (parameter.annotated() || isSet(value)) {
                defaults.put(prefix + "." + kebab(parameter.component().getName()), value);
            }
        }
        return defaults;
    }

    /**
     * The keys of the YAML file (every document) that set a property one of the records has a
     * default for, or anything below it; relaxed names ({@code maxPageBytes}) count.
     */
    public static List<String> restatedIn(Path yaml, List<Class<?>> records) {
        YamlPropertiesFactoryBean factory = new YamlPropertiesFactoryBean();
        factory.setResources(new FileSystemResource(yaml));
        Properties properties = factory.getObject();
        List<ConfigurationPropertyName> defaulted = records.stream()
                .flatMap(record -> defaults(record).keySet().stream())
                .map(ConfigurationPropertyName::of)
                .toList();
        return properties.stringPropertyNames().stream()
                .sorted()
                .filter(key -> {
                    ConfigurationPropertyName name = ConfigurationPropertyName.adapt(key, '.');
                    return defaulted.stream().anyMatch(d -> d.equals(name) || d.isAncestorOf(name));
                })
                .toList();
    }

    /** Every {@code ${pipeline.x:default}} in the files under {@code dir}, as {@code file: placeholder}. */
    public static List<String> placeholderDefaults(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            List<String> found = new ArrayList<>();
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                Matcher matcher = PLACEHOLDER_DEFAULT.matcher(Files.readString(file));
                while (matcher.find()) {
                    found.add(dir.relativize(file) + ": " + matcher.group());
                }
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String prefix(Class<?> record) {
        ConfigurationProperties properties = MergedAnnotations.from(record)
                .get(ConfigurationProperties.class)
                .synthesize();
        return properties.prefix().isEmpty() ? properties.value() : properties.prefix();
    }

    private static Parameter[] parameters(Class<?> record) {
        RecordComponent[] components = record.getRecordComponents();
        Class<?>[] types =
                Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            Constructor<?> canonical = record.getDeclaredConstructor(types);
            java.lang.reflect.Parameter[] constructorParameters = canonical.getParameters();
            Parameter[] parameters = new Parameter[components.length];
            for (int i = 0; i < components.length; i++) {
                boolean annotated = components[i].isAnnotationPresent(DefaultValue.class)
                        || constructorParameters[i].isAnnotationPresent(DefaultValue.class);
                parameters[i] = new Parameter(components[i], annotated);
            }
            return parameters;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(record + " has no canonical constructor", e);
        }
    }

    private static boolean isSet(Object value) {
        return switch (value) {
            case null -> false;
            case Collection<?> collection -> !collection.isEmpty();
            case Map<?, ?> map -> !map.isEmpty();
            case Number number -> number.doubleValue() != 0;
            case Boolean bool -> bool;
            default -> true;
        };
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    private record Parameter(RecordComponent component, boolean annotated) {

        Object valueIn(Object record) {
            try {
                component.getAccessor().setAccessible(true);
                return component.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component, e);
            }
        }
    }
}
