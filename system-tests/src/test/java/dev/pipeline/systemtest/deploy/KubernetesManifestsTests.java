package dev.pipeline.systemtest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.convert.DurationStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * deploy/kubernetes, held to the Kubernetes API and to the services it deploys, with no cluster:
 * every manifest is read into fabric8's model of the API with nothing it does not know
 * ({@link Manifests}), and what a cluster would only show once it runs is checked against the
 * services' own files — the probes against the health groups their application.yml exposes, every
 * environment variable against the properties they bind, the sizes against docker-compose.yml, the
 * user against the Dockerfile, the autoscalers against the topics' partitions.
 */
class KubernetesManifestsTests {

    /** Deployment (and container, and compose service) name to its module. */
    private static final Map<String, String> SERVICES =
            Map.of("fetcher-service", "fetcher-service", "processor-service", "processor-service");

    /** Environment variables that are no Spring property, and what reads them. */
    private static final Map<String, String> NOT_SPRING = Map.of(
            "JAVA_TOOL_OPTIONS", "the JVM",
            "AWS_ACCESS_KEY_ID", "the AWS SDK's default credentials chain",
            "AWS_SECRET_ACCESS_KEY", "the AWS SDK's default credentials chain",
            "AWS_SESSION_TOKEN", "the AWS SDK's default credentials chain");

    /**
     * Issue #19's processor settings, named by its design, which pieces B (the s3 store) and C (the
     * announcements) bind: accepted by name until they are merged, when the service binds them and
     * this set can go.
     */
    private static final Set<String> PENDING = Set.of(
            "pipeline.processor.reports.store",
            "pipeline.processor.reports.s3.bucket",
            "pipeline.processor.reports.s3.prefix",
            "pipeline.processor.reports.s3.endpoint",
            "pipeline.processor.reports.s3.region",
            "pipeline.processor.reports.s3.path-style",
            "pipeline.processor.advertised-url");

    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    private static final Pattern IMAGE_USER = Pattern.compile("useradd\\b[^\\n]*--uid\\s+(\\d+)");

    private static Path root;
    private static Path directory;
    private static Map<HasMetadata, Path> resources;

    @BeforeAll
    static void readTheManifests() throws IOException {
        root = repositoryRoot();
        directory = root.resolve("deploy/kubernetes");
        resources = new LinkedHashMap<>();
        for (Path file : Manifests.files(directory)) {
            Manifests.load(file).forEach(resource -> resources.put(resource, file));
        }
    }

    @Test
    void everyManifestIsOfTheKubernetesApiWithNoFieldItDoesNotKnow() {
        assertThat(resources).isNotEmpty();
        List<String> unknown = new ArrayList<>();
        resources.forEach((resource, file) -> unknown.addAll(Manifests.unknownFields(resource, where(resource))));

        assertThat(unknown).as("fields the Kubernetes API does not have").isEmpty();
        assertThat(resources.keySet())
                .as("each a name")
                .allSatisfy(
                        resource -> assertThat(resource.getMetadata().getName()).isNotBlank());
    }

    @Test
    void theKustomizationListsEveryManifestAndNoNamespace() throws IOException {
        Map<String, Object> kustomization = map(yaml(directory.resolve("kustomization.yaml")));
        List<String> manifests = Manifests.files(directory).stream()
                .map(file -> file.getFileName().toString())
                .filter(name -> !name.endsWith(".template.yaml"))
                .toList();

        assertThat(kustomization)
                .containsEntry("apiVersion", "kustomize.config.k8s.io/v1beta1")
                .containsEntry("kind", "Kustomization")
                .doesNotContainKey("namespace");
        assertThat(kustomization.keySet())
                .as("kustomization fields")
                .isSubsetOf("apiVersion", "kind", "resources", "images", "labels");
        assertThat(strings(kustomization.get("resources"))).containsExactlyInAnyOrderElementsOf(manifests);
        assertThat(resources.keySet())
                .as("namespace-agnostic: the namespace is the caller's")
                .allSatisfy(resource ->
                        assertThat(resource.getMetadata().getNamespace()).isNull());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fetcher-service", "processor-service"})
    void runsTheImageComposeBuildsUnderANameKustomizeCanReplace(String service) throws IOException {
        String image = String.valueOf(map(composeService(service)).get("image"));
        List<Map<String, Object>> images =
                maps(map(yaml(directory.resolve("kustomization.yaml"))).get("images"));

        assertThat(container(service).getImage()).isEqualTo(image);
        assertThat(images)
                .as("kustomization images")
                .anySatisfy(entry -> assertThat(entry.get("name")).isEqualTo(image.replaceFirst(":[^:/]+$", "")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fetcher-service", "processor-service"})
    void probesCallHealthGroupsTheServiceExposesOnItsPort(String service) throws IOException {
        Map<String, String> properties = applicationYaml(service);
        String health = properties.getOrDefault("management.endpoints.web.base-path", "/actuator") + "/health";
        Set<String> exposed = new LinkedHashSet<>(List.of(health));
        if ("true".equals(properties.get("management.endpoint.health.probes.enabled"))) {
            exposed.addAll(List.of(health + "/liveness", health + "/readiness"));
        }
        Pattern group = Pattern.compile("management\\.endpoint\\.health\\.group\\.([\\w-]+)\\..*");
        properties.keySet().forEach(key -> {
            Matcher matcher = group.matcher(key);
            if (matcher.matches()) {
                exposed.add(health + "/" + matcher.group(1));
            }
        });
        int port = Integer.parseInt(properties.getOrDefault(
                "management.server.port", Objects.requireNonNull(properties.get("server.port"), "server.port")));
        Container container = container(service);

        assertThat(properties.get("management.endpoints.web.exposure.include")).contains("health");
        assertThat(path(container.getLivenessProbe(), container, port)).isEqualTo(health + "/liveness");
        assertThat(path(container.getReadinessProbe(), container, port)).isEqualTo(health + "/readiness");
        assertThat(exposed).contains(health + "/liveness", health + "/readiness");
        if (container.getStartupProbe() != null) {
            assertThat(path(container.getStartupProbe(), container, port)).isIn(exposed);
        }
        // Liveness must not hang on Kafka or the disk: their outage would restart every pod at once.
        assertThat(properties.getOrDefault("management.endpoint.health.group.liveness.include", "livenessState"))
                .doesNotContain("kafka", "reports");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fetcher-service", "processor-service"})
    void requestsAndLimitsTheMemoryComposeGivesItsHeap(String service) {
        Container container = container(service);
        Map<String, Quantity> requests = container.getResources().getRequests();
        Map<String, Quantity> limits = container.getResources().getLimits();
        Map<String, Object> compose = map(composeService(service));
        Object composeMemory = map(map(map(compose.get("deploy")).get("resources"))
                        .get("limits"))
                .get("memory");

        assertThat(requests).as("requests").containsKeys("cpu", "memory");
        assertThat(limits).as("limits").containsKeys("cpu", "memory");
        assertThat(bytes(requests.get("memory")))
                .as("memory requested whole: the node has what the heap is sized by")
                .isEqualTo(bytes(limits.get("memory")));
        assertThat(bytes(limits.get("memory")))
                .as("docker-compose.yml's limit, " + composeMemory)
                .isEqualTo(composeBytes(String.valueOf(composeMemory)));
        assertThat(value(container, "JAVA_TOOL_OPTIONS"))
                .as("the heap sized from the limit as in compose")
                .isEqualTo(map(compose.get("environment")).get("JAVA_TOOL_OPTIONS"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fetcher-service", "processor-service"})
    void aDisruptionBudgetAndAnAutoscalerForEachDeployment(String service) {
        Deployment deployment = deployment(service);
        Map<String, String> podLabels =
                deployment.getSpec().getTemplate().getMetadata().getLabels();
        List<PodDisruptionBudget> budgets = all(PodDisruptionBudget.class).stream()
                .filter(budget -> selects(budget.getSpec().getSelector(), podLabels))
                .toList();
        HorizontalPodAutoscaler autoscaler = autoscaler(service);

        assertThat(deployment.getSpec().getSelector().getMatchLabels()).isNotEmpty();
        assertThat(selects(deployment.getSpec().getSelector(), podLabels)).isTrue();
        assertThat(budgets).as("PodDisruptionBudgets selecting " + service).hasSize(1);
        PodDisruptionBudget budget = budgets.getFirst();
        int minReplicas = autoscaler.getSpec().getMinReplicas();
        assertThat(minReplicas)
                .as("minReplicas: one pod left while another is drained")
                .isGreaterThanOrEqualTo(2);
        // A budget that allows no disruption at the autoscaler's minimum blocks every node drain.
        if (budget.getSpec().getMaxUnavailable() != null) {
            assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isPositive();
        } else {
            assertThat(budget.getSpec().getMinAvailable().getIntVal()).isLessThan(minReplicas);
        }
        assertThat(autoscaler.getSpec().getMetrics())
                .anySatisfy(metric -> assertThat(metric.getResource().getName()).isEqualTo("cpu"));
        assertThat(autoscaler.getSpec().getMaxReplicas()).isGreaterThanOrEqualTo(minReplicas);
        assertThat(container(service).getResources().getRequests())
                .as("CPU utilization is relative to the request")
                .containsKey("cpu");
    }

    @Test
    void theAutoscalersStopAtThePartitionsTheFetcherCreates() {
        Map<String, String> config = configMap().getData();
        Container fetcher = container("fetcher-service");

        assertThat(autoscaler("processor-service").getSpec().getMaxReplicas())
                .as("processor pods beyond pipeline.products' partitions get none")
                .isLessThanOrEqualTo(Integer.parseInt(config.get("PIPELINE_TOPICS_PRODUCTS_PARTITIONS")));
        assertThat(autoscaler("fetcher-service").getSpec().getMaxReplicas())
                .as("fetcher pods beyond pipeline.fetch-tasks' partitions get none")
                .isLessThanOrEqualTo(Integer.parseInt(config.get("PIPELINE_TASKS_PARTITIONS")));
        // The fetcher creates the topics, so it is the one that must be given their sizes.
        assertThat(configMapKey(fetcher, "PIPELINE_TOPICS_PRODUCTS_PARTITIONS"))
                .contains("PIPELINE_TOPICS_PRODUCTS_PARTITIONS");
        assertThat(configMapKey(fetcher, "PIPELINE_TASKS_PARTITIONS")).contains("PIPELINE_TASKS_PARTITIONS");
        assertThat(configMapKey(fetcher, "PIPELINE_TOPICS_REPLICAS")).contains("PIPELINE_TOPICS_REPLICAS");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fetcher-service", "processor-service"})
    void everyEnvironmentVariableSetsAPropertyTheServiceReads(String service) throws IOException {
        BoundProperties bound = BoundProperties.of(root, SERVICES.get(service));
        Container container = container(service);
        Set<String> referenced = new LinkedHashSet<>();
        container.getEnv().forEach(env -> {
            if (env.getValue() != null) {
                REFERENCE.matcher(env.getValue()).results().forEach(match -> referenced.add(match.group(1)));
            }
        });
        List<String> unbound = new ArrayList<>();
        for (EnvVar env : container.getEnv()) {
            String name = env.getName();
            if (!NOT_SPRING.containsKey(name)
                    && !referenced.contains(name)
                    && !bound.bindsEnvironmentVariable(name)
                    && !pending(name)) {
                unbound.add(name);
            }
        }

        assertThat(bound.reads("pipeline.security.api-key"))
                .as("the parser finds service-support's records")
                .isTrue();
        assertThat(unbound).as(service + ": variables no property of it binds").isEmpty();
        assertThat(container.getEnvFrom())
                .as("every variable named in the Deployment, so this test sees it")
                .isNullOrEmpty();
    }

    @Test
    void everyReferencedConfigKeyAndSecretKeyExistsAndEveryConfigKeyIsUsed() throws IOException {
        ConfigMap config = configMap();
        Secret template = secretTemplate();
        Set<String> used = new LinkedHashSet<>();
        for (String service : SERVICES.keySet()) {
            for (EnvVar env : container(service).getEnv()) {
                if (env.getValueFrom() == null) {
                    continue;
                }
                var configKey = env.getValueFrom().getConfigMapKeyRef();
                var secretKey = env.getValueFrom().getSecretKeyRef();
                if (configKey != null) {
                    assertThat(configKey.getName())
                            .as(env.getName())
                            .isEqualTo(config.getMetadata().getName());
                    assertThat(config.getData()).as(env.getName()).containsKey(configKey.getKey());
                    used.add(configKey.getKey());
                }
                if (secretKey != null) {
                    assertThat(secretKey.getName())
                            .as(env.getName())
                            .isEqualTo(template.getMetadata().getName());
                    assertThat(template.getStringData()).as(env.getName()).containsKey(secretKey.getKey());
                    assertThat(secretKey.getOptional())
                            .as(env.getName() + ": the Secret is applied by hand, not by the kustomization")
                            .isTrue();
                }
            }
        }

        assertThat(used)
                .as("ConfigMap keys some container reads")
                .containsExactlyInAnyOrderElementsOf(config.getData().keySet());
        assertThat(template.getStringData().values())
                .as("a template: no credentials in the repository")
                .allSatisfy(value -> assertThat(value).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fetcher-service", "processor-service"})
    void runsAsTheImagesUserOnAReadOnlyRootWithItsWritableDirectoriesOnVolumes(String service) throws IOException {
        PodSpec pod = deployment(service).getSpec().getTemplate().getSpec();
        Container container = container(service);
        Matcher user = IMAGE_USER.matcher(Files.readString(root.resolve("Dockerfile")));
        Map<String, Volume> volumes = new LinkedHashMap<>();
        pod.getVolumes().forEach(volume -> volumes.put(volume.getName(), volume));
        List<String> mounts = container.getVolumeMounts().stream()
                .map(VolumeMount::getMountPath)
                .toList();

        assertThat(user.find()).as("the Dockerfile's useradd --uid").isTrue();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(Long.parseLong(user.group(1)));
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).contains("ALL");
        assertThat(container.getVolumeMounts())
                .allSatisfy(mount -> assertThat(volumes).containsKey(mount.getName()));
        assertThat(volumes.values())
                .allSatisfy(volume -> assertThat(volume.getEmptyDir())
                        .as(volume.getName() + ": a cache of this pod, rebuilt from Kafka")
                        .isNotNull());
        // java.io.tmpdir: the JVM's files, Tomcat's uploads, RocksDB's native library.
        assertThat(mounts).contains("/tmp");
        for (EnvVar env : container.getEnv()) {
            if (env.getName().endsWith("_DIR") && env.getValue() != null) {
                assertThat(mounts)
                        .as(env.getName() + "=" + env.getValue() + " is on a volume")
                        .anySatisfy(mount -> assertThat(Path.of(env.getValue())).startsWithRaw(Path.of(mount)));
            }
        }
        assertThat(pod.getAutomountServiceAccountToken())
                .as("it never calls the Kubernetes API")
                .isFalse();
    }

    @Test
    void theProcessorsWorkDirectoryIsItsOwnVolume() {
        assertThat(value(container("processor-service"), "PIPELINE_PROCESSOR_WORK_DIR"))
                .as("pipeline.processor.work-dir: this pod's cache")
                .isNotBlank();
        assertThat(configMap().getData()).containsEntry("PIPELINE_PROCESSOR_REPORTS_STORE", "s3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fetcher-service", "processor-service"})
    void theGracePeriodCoversThePreStopPauseAndSpringsGracefulShutdown(String service) throws IOException {
        PodSpec pod = deployment(service).getSpec().getTemplate().getSpec();
        Container container = container(service);
        Duration shutdown =
                DurationStyle.detectAndParse(value(container, "SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE"));
        long preStop = Optional.ofNullable(container.getLifecycle())
                .map(lifecycle -> lifecycle.getPreStop())
                .map(handler -> handler.getSleep())
                .map(sleep -> sleep.getSeconds())
                .orElse(0L);

        assertThat(applicationYaml(service).getOrDefault("server.shutdown", "graceful"))
                .isEqualTo("graceful");
        assertThat(pod.getTerminationGracePeriodSeconds())
                .as("preStop %d s + shutdown phase %s", preStop, shutdown)
                .isGreaterThan(preStop + shutdown.toSeconds());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fetcher-service", "processor-service"})
    void podsSpreadOverNodesAndAServiceReachesThem(String service) {
        Deployment deployment = deployment(service);
        Map<String, String> podLabels =
                deployment.getSpec().getTemplate().getMetadata().getLabels();
        Container container = container(service);
        Set<String> ports = new LinkedHashSet<>();
        container.getPorts().forEach(port -> {
            ports.add(port.getName());
            ports.add(String.valueOf(port.getContainerPort()));
        });

        assertThat(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
                .anySatisfy(spread -> {
                    assertThat(spread.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                    assertThat(selects(spread.getLabelSelector(), podLabels)).isTrue();
                });
        assertThat(all(Service.class))
                .filteredOn(candidate -> candidate.getSpec().getSelector() != null
                        && podLabels
                                .entrySet()
                                .containsAll(candidate.getSpec().getSelector().entrySet()))
                .singleElement()
                .satisfies(found -> assertThat(found.getSpec().getPorts())
                        .allSatisfy(port -> assertThat(ports).contains(text(port.getTargetPort()))));
    }

    @Test
    void eachFetcherPodHasAnInstanceIdOfItsOwn() {
        // pipeline.tasks.instance-id names the transactional ids: two pods with one id fence each other.
        Optional<EnvVar> instanceId = container("fetcher-service").getEnv().stream()
                .filter(env -> env.getName().equals("PIPELINE_TASKS_INSTANCE_ID"))
                .findFirst();

        instanceId.ifPresent(env -> assertThat(env.getValueFrom().getFieldRef().getFieldPath())
                .as("set, it must be the pod's own name")
                .isEqualTo("metadata.name"));
        assertThat(deployment("fetcher-service")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getHostname())
                .as("the default <host>-<pid> needs the pod's own host name")
                .isNull();
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static boolean pending(String variable) {
        return PENDING.stream()
                .anyMatch(property -> variable.equals(property.toUpperCase(java.util.Locale.ROOT)
                        .replace('.', '_')
                        .replace('-', '_')));
    }

    private static String path(Probe probe, Container container, int port) {
        assertThat(probe).as(container.getName() + " probe").isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get).as(container.getName() + ": an HTTP probe").isNotNull();
        IntOrString target = get.getPort();
        int resolved = target.getIntVal() != null
                ? target.getIntVal()
                : container.getPorts().stream()
                        .filter(candidate -> target.getStrVal().equals(candidate.getName()))
                        .map(ContainerPort::getContainerPort)
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no container port named " + target.getStrVal()));
        assertThat(resolved).as(container.getName() + " probe port").isEqualTo(port);
        return get.getPath();
    }

    private static String text(IntOrString value) {
        return value.getIntVal() != null ? String.valueOf(value.getIntVal()) : value.getStrVal();
    }

    private static boolean selects(LabelSelector selector, Map<String, String> labels) {
        return selector != null
                && (selector.getMatchExpressions() == null
                        || selector.getMatchExpressions().isEmpty())
                && selector.getMatchLabels() != null
                && !selector.getMatchLabels().isEmpty()
                && labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
    }

    private static String value(Container container, String name) {
        return container.getEnv().stream()
                .filter(env -> env.getName().equals(name))
                .map(EnvVar::getValue)
                .filter(Objects::nonNull)
                .findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " sets no " + name));
    }

    private static Optional<String> configMapKey(Container container, String name) {
        return container.getEnv().stream()
                .filter(env -> env.getName().equals(name) && env.getValueFrom() != null)
                .map(env -> env.getValueFrom().getConfigMapKeyRef())
                .filter(Objects::nonNull)
                .map(ref -> ref.getKey())
                .findFirst();
    }

    private static BigDecimal bytes(Quantity quantity) {
        return Quantity.getAmountInBytes(quantity);
    }

    /** Compose's (Docker's) sizes are binary: 768m is 768 MiB, 1g 1 GiB. */
    private static BigDecimal composeBytes(String size) {
        Matcher matcher =
                Pattern.compile("(\\d+)([bkmg]?)", Pattern.CASE_INSENSITIVE).matcher(size.strip());
        assertThat(matcher.matches()).as("compose memory " + size).isTrue();
        int shift = switch (matcher.group(2).toLowerCase(java.util.Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        return BigDecimal.valueOf(Long.parseLong(matcher.group(1)) << shift);
    }

    private static Deployment deployment(String name) {
        return one(Deployment.class, name);
    }

    private static Container container(String service) {
        return deployment(service).getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(container -> container.getName().equals(service))
                .findFirst()
                .orElseThrow(() -> new AssertionError("Deployment " + service + " has no container " + service));
    }

    private static HorizontalPodAutoscaler autoscaler(String service) {
        List<HorizontalPodAutoscaler> targeting = all(HorizontalPodAutoscaler.class).stream()
                .filter(hpa -> hpa.getSpec().getScaleTargetRef().getName().equals(service))
                .toList();
        assertThat(targeting).as("HorizontalPodAutoscalers of " + service).hasSize(1);
        var target = targeting.getFirst().getSpec().getScaleTargetRef();
        assertThat(target.getKind()).isEqualTo("Deployment");
        assertThat(target.getApiVersion()).isEqualTo("apps/v1");
        return targeting.getFirst();
    }

    private static ConfigMap configMap() {
        List<ConfigMap> maps = all(ConfigMap.class);
        assertThat(maps).as("ConfigMaps").hasSize(1);
        return maps.getFirst();
    }

    /** The Secret's template, kept out of the kustomization; read as strictly as the manifests. */
    private static Secret secretTemplate() throws IOException {
        List<HasMetadata> template = Manifests.load(directory.resolve("secret.template.yaml"));
        template.forEach(resource -> assertThat(Manifests.unknownFields(resource, "secret.template.yaml"))
                .isEmpty());
        assertThat(template).singleElement().isInstanceOf(Secret.class);
        return (Secret) template.getFirst();
    }

    private static <T extends HasMetadata> T one(Class<T> kind, String name) {
        return all(kind).stream()
                .filter(resource -> resource.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name));
    }

    /** Of the kustomization's manifests (the Secret's template is not one of them). */
    private static <T extends HasMetadata> List<T> all(Class<T> kind) {
        return resources.entrySet().stream()
                .filter(entry -> !entry.getValue().getFileName().toString().endsWith(".template.yaml"))
                .map(Map.Entry::getKey)
                .filter(kind::isInstance)
                .map(kind::cast)
                .toList();
    }

    private static String where(HasMetadata resource) {
        return directory.relativize(resources.get(resource)) + ":" + resource.getKind() + "/"
                + resource.getMetadata().getName();
    }

    private static Object composeService(String service) {
        try {
            return map(map(yaml(root.resolve("docker-compose.yml"))).get("services"))
                    .get(service);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A service's application.yml flattened to dotted keys. */
    private static Map<String, String> applicationYaml(String service) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        flatten(
                "",
                yaml(root.resolve(SERVICES.get(service)).resolve("src/main/resources/application.yml")),
                properties);
        return properties;
    }

    private static void flatten(String prefix, Object value, Map<String, String> into) {
        if (value instanceof Map<?, ?> nested) {
            nested.forEach(
                    (key, child) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, child, into));
        } else if (value != null) {
            into.put(prefix, String.valueOf(value));
        }
    }

    private static Object yaml(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    private static List<String> strings(Object value) {
        return value == null
                ? List.of()
                : ((List<?>) value).stream().map(String::valueOf).toList();
    }

    /** Maven runs the tests in system-tests; walk up to the directory holding deploy/ and the root pom. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/kubernetes")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "no deploy/kubernetes beside a pom.xml above " + Path.of("").toAbsolutePath());
    }
}
