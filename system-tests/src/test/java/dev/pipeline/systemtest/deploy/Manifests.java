package dev.pipeline.systemtest.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * deploy/kubernetes read into fabric8's model of the Kubernetes API, strictly. fabric8 keeps a
 * field it does not know (a typo, a field at the wrong level, one of another API version) in the
 * object's {@code additionalProperties} instead of failing, and a kind or apiVersion it does not
 * know becomes a {@link GenericKubernetesResource}: {@link #unknownFields} and {@link #load} turn
 * both into failures, which is what a cluster's API server would answer with.
 */
final class Manifests {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private Manifests() {}

    /** The manifests of a directory: every {@code *.yaml} but the kustomization and {@code *.template.yaml}. */
    static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".yaml"))
                    .filter(file -> !file.getFileName().toString().equals("kustomization.yaml"))
                    .sorted(Comparator.comparing(Path::toString))
                    .toList();
        }
    }

    /** Every document of a file, each a kind of the Kubernetes API fabric8 models. */
    static List<HasMetadata> load(Path file) {
        List<HasMetadata> resources = new ArrayList<>();
        try (MappingIterator<KubernetesResource> documents =
                YAML.readerFor(KubernetesResource.class).readValues(file.toFile())) {
            while (documents.hasNext()) {
                KubernetesResource document = documents.next();
                if (document == null) {
                    throw new IllegalStateException(file + ": an empty document");
                }
                if (document instanceof GenericKubernetesResource generic) {
                    throw new IllegalStateException(file + ": " + generic.getApiVersion() + " " + generic.getKind()
                            + " is no kind of the Kubernetes API (a typo in apiVersion or kind?)");
                }
                if (!(document instanceof HasMetadata resource)) {
                    throw new IllegalStateException(
                            file + ": a " + document.getClass().getSimpleName() + " is not a resource with metadata");
                }
                resources.add(resource);
            }
        }
        return resources;
    }

    /** Paths of the fields anywhere in the object that its model does not have (kept as additionalProperties). */
    static List<String> unknownFields(Object value, String path) {
        List<String> unknown = new ArrayList<>();
        collect(value, path, unknown);
        return unknown;
    }

    private static void collect(Object value, String path, List<String> unknown) {
        switch (value) {
            case null -> {}
            case Map<?, ?> map -> map.forEach((key, child) -> collect(child, path + "." + key, unknown));
            case List<?> list -> {
                for (int i = 0; i < list.size(); i++) {
                    collect(list.get(i), path + "[" + i + "]", unknown);
                }
            }
            default -> {
                if (!value.getClass().getName().startsWith("io.fabric8.")) {
                    return;
                }
                for (Method getter : value.getClass().getMethods()) {
                    if (!isModelGetter(getter)) {
                        continue;
                    }
                    Object child = invoke(getter, value);
                    if (getter.getName().equals("getAdditionalProperties")) {
                        ((Map<?, ?>) child).keySet().forEach(key -> unknown.add(path + "." + key));
                    } else {
                        collect(child, path + "." + property(getter), unknown);
                    }
                }
            }
        }
    }

    /** A getter of the model's tree: an object of the model, a list or a map (strings and numbers end a path). */
    private static boolean isModelGetter(Method method) {
        Class<?> type = method.getReturnType();
        return method.getName().startsWith("get")
                && method.getParameterCount() == 0
                && !Modifier.isStatic(method.getModifiers())
                && (type.getName().startsWith("io.fabric8.")
                        || List.class.isAssignableFrom(type)
                        || Map.class.isAssignableFrom(type));
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + getter, e);
        }
    }

    private static String property(Method getter) {
        String name = getter.getName().substring(3);
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
