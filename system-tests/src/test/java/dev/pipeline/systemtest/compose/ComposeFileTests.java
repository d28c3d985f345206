package dev.pipeline.systemtest.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Static checks on docker-compose.yml, the Dockerfile and the services' {@code docker} profile,
 * against the services' own configuration: what {@code docker compose up} needs to start in order,
 * reach Kafka, keep reports and scale the processor; and the optional object store
 * ({@code --profile object-store} with docker-compose.object-store.yml). Needs no Docker.
 */
class ComposeFileTests {

    private static final Pattern HEALTH_URL = Pattern.compile("https?://(?:localhost|127\\.0\\.0\\.1):(\\d+)(/\\S*)");
    private static final Pattern STAGE = Pattern.compile("(?im)^FROM\\s");
    private static final Pattern LISTENER = Pattern.compile("(\\w+)://([^:,]*):(\\d+)");
    private static final Pattern PROPERTIES_RECORD = Pattern.compile(
            "@ConfigurationProperties\\(\"([^\"]+)\"\\)\\s*public record \\w+\\((.*?)\\)\\s*\\{", Pattern.DOTALL);
    /** A record's declaration: {@code record S3(String bucket, ...) {}}. */
    private static final Pattern RECORD_DECLARATION =
            Pattern.compile("\\brecord\\s+(\\w+)\\s*\\((.*?)\\)\\s*(?:implements[^{]*)?\\{", Pattern.DOTALL);

    private static final List<String> SERVICES = List.of("kafka", "upstream", "fetcher-service", "processor-service");
    private static final Map<String, String> MODULES = Map.of(
            "upstream", "local/stand-in-upstream",
            "fetcher-service", "fetcher-service",
            "processor-service", "processor-service");

    private static final String OBJECT_STORE = "object-store";
    private static final String OBJECT_STORE_FILE = "docker-compose.object-store.yml";
    /** Compose's merge tag: {@code volumes: !reset []} drops what the file before set. */
    private static final String RESET = "!reset";

    private static Path root;
    private static Map<String, Object> compose;
    private static Map<String, Object> objectStoreOverride;
    private static String dockerfile;

    @BeforeAll
    static void readComposeFile() throws IOException {
        root = repositoryRoot();
        compose = map(yaml(root.resolve("docker-compose.yml")));
        objectStoreOverride = map(yaml(root.resolve(OBJECT_STORE_FILE)));
        dockerfile = Files.readString(root.resolve("Dockerfile"));
    }

    @Nested
    class Services {

        @Test
        void runKafkaTheUpstreamAndBothPipelineServices() {
            assertThat(map(compose.get("services"))).containsKeys(SERVICES.toArray(String[]::new));
        }

        @Test
        void runKafkaFromTheOfficialImageAtTheVersionOfTheProjectsClient() throws IOException {
            Matcher version = Pattern.compile("<kafka.version>([^<]+)</kafka.version>")
                    .matcher(Files.readString(root.resolve("pom.xml")));
            assertThat(version.find()).as("kafka.version in pom.xml").isTrue();

            // ${KAFKA_IMAGE:-apache/kafka:X}: a stand-in may replace it; unset, the official image it is.
            assertThat(String.valueOf(service("kafka").get("image")))
                    .isEqualTo("${KAFKA_IMAGE:-apache/kafka:" + version.group(1) + "}");
        }

        @Test
        void takeTheirBaseImagesAndWhereTheJarsComeFromFromVariablesThatDefaultToBuildingFromSource() {
            MODULES.keySet()
                    .forEach(name -> assertThat(
                                    map(map(service(name).get("build")).get("args")))
                            .as(name)
                            .containsEntry("JARS", "${JARS:-source}")
                            .containsEntry("JDK_IMAGE", "${JDK_IMAGE:-eclipse-temurin:21-jdk}")
                            .containsEntry("JRE_IMAGE", "${JRE_IMAGE:-eclipse-temurin:21-jre}"));
            assertThat(dockerfile)
                    .containsPattern("(?m)^ARG JARS=source\\s*$")
                    .containsPattern("(?m)^ARG JDK_IMAGE=eclipse-temurin:21-jdk\\s*$")
                    .containsPattern("(?m)^ARG JRE_IMAGE=eclipse-temurin:21-jre\\s*$")
                    .containsPattern("(?m)^FROM jar-\\$\\{JARS\\} AS jar\\s*$")
                    .doesNotContain("# syntax=");
        }

        @Test
        void buildTheOthersFromTheRootDockerfileWithTheirModule() {
            MODULES.forEach((name, module) -> {
                Map<String, Object> build = map(service(name).get("build"));
                assertThat(build.get("context")).as(name).isIn(".", "./");
                assertThat(build.getOrDefault("dockerfile", "Dockerfile"))
                        .as(name)
                        .isEqualTo("Dockerfile");
                assertThat(map(build.get("args")).get("MODULE")).as(name).isEqualTo(module);
                assertThat(root.resolve(module).resolve("pom.xml")).as(name).isRegularFile();
                Object target = build.get("target");
                if (target != null) {
                    assertThat(dockerfile).as(name).containsPattern("(?im)^FROM\\s+\\S+\\s+AS\\s+" + target + "\\s*$");
                }
            });
        }

        @Test
        void haveAMemoryLimitEach() {
            SERVICES.forEach(name -> {
                Map<String, Object> service = service(name);
                Object limit = service.containsKey("mem_limit")
                        ? service.get("mem_limit")
                        : map(map(map(service.get("deploy")).get("resources")).get("limits"))
                                .get("memory");
                assertThat(limit).as(name + " memory limit").isNotNull();
            });
        }

        @Test
        void runTheSpringServicesWithTheDockerProfileAndContainerSizedHeaps() {
            for (String name : List.of("fetcher-service", "processor-service")) {
                assertThat(environment(name).get("SPRING_PROFILES_ACTIVE"))
                        .as(name)
                        .contains("docker");
                assertThat(root.resolve(name).resolve("src/main/resources/application-docker.yml"))
                        .isRegularFile();
            }
            for (String name : MODULES.keySet()) {
                assertThat(environment(name).get("JAVA_TOOL_OPTIONS"))
                        .as(name)
                        .contains("-XX:MaxRAMPercentage=75", "--enable-native-access=ALL-UNNAMED");
            }
        }
    }

    @Nested
    class StartupOrder {

        @Test
        void everyServiceButKafkaHasAHealthcheck() {
            MODULES.keySet()
                    .forEach(name -> assertThat(service(name).get("healthcheck"))
                            .as(name)
                            .isNotNull());
        }

        @Test
        void everyServiceWaitsUntilWhatItDependsOnIsHealthy() {
            SERVICES.forEach(name -> {
                Object dependsOn = service(name).getOrDefault("depends_on", Map.of());
                assertThat(dependsOn)
                        .as(name + " depends_on must be the long form, with conditions")
                        .isInstanceOf(Map.class);
                map(dependsOn).forEach((dependency, settings) -> {
                    assertThat(map(settings).get("condition"))
                            .as(name + " -> " + dependency)
                            .isEqualTo("service_healthy");
                    assertThat(service(dependency).get("healthcheck"))
                            .as(dependency + " healthcheck")
                            .isNotNull();
                });
            });
            assertThat(dependencies("fetcher-service")).contains("kafka", "upstream");
            assertThat(dependencies("processor-service")).contains("kafka");
        }

        @Test
        void theSpringServicesAreCheckedOnActuatorHealthAtTheirServerPort() {
            for (String name : List.of("fetcher-service", "processor-service")) {
                Matcher url = healthcheckUrl(name);
                assertThat(Integer.parseInt(url.group(1)))
                        .as(name + " healthcheck port")
                        .isEqualTo(serverPort(name));
                assertThat(url.group(2)).as(name).isIn("/actuator/health/readiness", "/actuator/health/liveness");
            }
        }

        @Test
        void theFetcherUsesTheUpstreamAtTheAddressItsHealthcheckProves() {
            String upstream = "http://upstream:" + healthcheckUrl("upstream").group(1);

            assertThat(environment("fetcher-service").get("PIPELINE_UPSTREAM_URL"))
                    .isEqualTo(upstream);
            assertThat(springProperties("fetcher-service", "docker").get("pipeline.upstream-url"))
                    .isEqualTo(upstream);
        }
    }

    @Nested
    class Kafka {

        @Test
        void theServicesBootstrapFromTheBrokersAdvertisedListener() {
            List<String> advertised = new ArrayList<>();
            Matcher listener = LISTENER.matcher(environment("kafka").get("KAFKA_ADVERTISED_LISTENERS"));
            while (listener.find()) {
                advertised.add(listener.group(2) + ":" + listener.group(3));
            }
            // Other containers resolve the broker by its service name; a `hostname:` alone is not in DNS.
            assertThat(advertised)
                    .isNotEmpty()
                    .allSatisfy(address -> assertThat(address).startsWith("kafka:"));
            for (String name : List.of("fetcher-service", "processor-service")) {
                assertThat(environment(name).get("SPRING_KAFKA_BOOTSTRAP_SERVERS"))
                        .as(name)
                        .isIn(advertised);
            }
        }

        @Test
        void runsInKraftModeWithItsOwnControllerListener() {
            Map<String, String> kafka = environment("kafka");
            String controller = kafka.get("KAFKA_CONTROLLER_LISTENER_NAMES");

            assertThat(kafka.get("KAFKA_PROCESS_ROLES")).contains("broker", "controller");
            assertThat(kafka.get("KAFKA_LISTENERS")).contains(controller + "://");
            assertThat(kafka.get("KAFKA_CONTROLLER_QUORUM_VOTERS")).contains("@kafka:");
            assertThat(kafka.get("CLUSTER_ID")).matches("[A-Za-z0-9_-]{22}");
        }

        @Test
        void keepsItsDataOnANamedVolume() {
            assertThat(namedVolumeMounts("kafka"))
                    .containsValue(environment("kafka").get("KAFKA_LOG_DIRS"));
        }
    }

    @Nested
    class Volumes {

        @Test
        void theProcessorWritesReportsOnTheSharedOutputVolume() {
            String outputDir = springProperties("processor-service", "docker").get("pipeline.processor.output-dir");

            assertThat(outputDir)
                    .as("pipeline.processor.output-dir in the docker profile")
                    .startsWith("/");
            assertThat(namedVolumeMounts("processor-service").values())
                    .anySatisfy(mount -> assertThat(Path.of(outputDir)).startsWithRaw(Path.of(mount)));
        }

        @Test
        void eachProcessorKeepsItsOwnWorkDirOffTheSharedVolume() {
            Optional<String> workDir = Optional.ofNullable(
                    springProperties("processor-service", "docker").get("pipeline.processor.work-dir"));

            assertThat(environment("processor-service")).doesNotContainKey("PIPELINE_PROCESSOR_WORK_DIR");
            workDir.ifPresent(
                    dir -> assertThat(namedVolumeMounts("processor-service").values())
                            .noneSatisfy(mount -> assertThat(Path.of(dir)).startsWithRaw(Path.of(mount))));
        }

        @Test
        void everyNamedVolumeInUseIsDeclared() {
            Map<String, Object> declared = map(compose.getOrDefault("volumes", Map.of()));
            SERVICES.forEach(name -> assertThat(declared.keySet())
                    .as(name)
                    .containsAll(namedVolumeMounts(name).keySet()));
            assertThat(declared).isNotEmpty();
        }
    }

    @Nested
    class Ports {

        @Test
        void theFetcherCanBeScaledAndItsFirstInstanceIsPublishedOnItsServerPort() {
            String port = String.valueOf(serverPort("fetcher-service"));

            assertThat(service("fetcher-service")).doesNotContainKey("container_name");
            assertThat(ports("fetcher-service")).singleElement().satisfies(mapping -> {
                assertThat(mapping.container()).isEqualTo(port);
                assertThat(mapping.host())
                        .as("a range from the server port: a fixed one stops a second instance")
                        .matches(port + "-\\d+");
            });
        }

        @Test
        void theProcessorCanBeScaled() {
            String port = String.valueOf(serverPort("processor-service"));

            assertThat(service("processor-service")).doesNotContainKey("container_name");
            assertThat(ports("processor-service")).allSatisfy(mapping -> {
                assertThat(mapping.container()).isEqualTo(port);
                assertThat(mapping.host())
                        .as("a fixed host port stops a second instance")
                        .satisfiesAnyOf(
                                host -> assertThat(host).isNull(),
                                host -> assertThat(host).matches("\\d+-\\d+"));
            });
        }

        @Test
        void everyPublishedPortIsOnLoopbackUnlessBindAddressSaysOtherwise() {
            assertThat(SERVICES.stream().flatMap(name -> ports(name).stream()))
                    .isNotEmpty()
                    .allSatisfy(mapping -> assertThat(mapping.hostIp())
                            .as(mapping + ": with no address, Docker publishes on every interface")
                            .isEqualTo("127.0.0.1"));
            assertThat(SERVICES.stream().flatMap(name -> rawPorts(name).stream()))
                    .allSatisfy(raw -> assertThat(raw).startsWith("${BIND_ADDRESS:-127.0.0.1}:"));
        }

        @Test
        void theFetchersAndTheProcessorsHostPortsDoNotOverlapWhenScaled() {
            int[] fetchers = hostRange("fetcher-service");
            int[] processors = hostRange("processor-service");

            assertThat(fetchers[1] < processors[0] || processors[1] < fetchers[0])
                    .as(
                            "fetcher ports %d-%d and processor ports %d-%d are disjoint",
                            fetchers[0], fetchers[1], processors[0], processors[1])
                    .isTrue();
            assertThat(fetchers[1] - fetchers[0] + 1)
                    .as("fetcher instances with a port")
                    .isGreaterThanOrEqualTo(8);
            assertThat(processors[1] - processors[0] + 1)
                    .as("processor instances with a port")
                    .isGreaterThanOrEqualTo(8);
        }

        private int[] hostRange(String name) {
            String host = ports(name).getFirst().host();
            assertThat(host).as(name + " host ports").matches("\\d+-\\d+");
            String[] bounds = host.split("-");
            return new int[] {Integer.parseInt(bounds[0]), Integer.parseInt(bounds[1])};
        }
    }

    @Nested
    class Environment {

        private static final Pattern VARIABLE = Pattern.compile("\\bPIPELINE_[A-Z0-9_]+\\b");

        @Test
        void bothServicesTakeTheApiKeyFromTheHostInTheVariableTheyRead() {
            for (String name : List.of("fetcher-service", "processor-service")) {
                assertThat(propertiesRead(name)).as(name).contains("pipeline.security.api-key");
                assertThat(environment(name))
                        .as(name)
                        .containsEntry("PIPELINE_SECURITY_API_KEY", "${PIPELINE_SECURITY_API_KEY:-}");
            }
        }

        /** The check below reads the records' sources; it finds what they declare, defaults and all. */
        @Test
        void thePropertiesReadAreTheYamlsAndThoseOfTheRecords() {
            assertThat(propertiesRead("fetcher-service"))
                    .contains(
                            "pipeline.upstream-url",
                            "pipeline.tasks.instance-id",
                            "pipeline.fetch.max-page-bytes",
                            "pipeline.upload.csv-max-field-length",
                            "pipeline.sources",
                            "pipeline.api.max-body-size");
            assertThat(propertiesRead("processor-service"))
                    .contains(
                            "pipeline.processor.work-dir",
                            "pipeline.processor.report-retry-backoff",
                            "pipeline.processor.retention.check-interval");
        }

        @Test
        void everyPipelineVariableTheFileNamesBindsToAPropertyOfTheServices() throws IOException {
            List<String> properties = new ArrayList<>(propertiesRead("fetcher-service"));
            properties.addAll(propertiesRead("processor-service"));
            List<String> named = VARIABLE.matcher(Files.readString(root.resolve("docker-compose.yml")))
                    .results()
                    .map(MatchResult::group)
                    .distinct()
                    .toList();

            assertThat(named)
                    .contains("PIPELINE_SECURITY_API_KEY")
                    .allSatisfy(variable -> assertThat(properties)
                            .as(variable + " binds to nothing the services read")
                            .anyMatch(property -> binds(variable, property)));
        }

        /** The groups of issue #19's ReportsProperties, as its design names them: each is a property too. */
        @Test
        void aRecordComponentOfAPropertiesRecordIsAGroupOfProperties() {
            String source = """
                    @ConfigurationProperties("pipeline.processor.reports")
                    public record ReportsProperties(@DefaultValue("local") Store store, @DefaultValue S3 s3) {
                        public record S3(String bucket, @DefaultValue("") String prefix, URI endpoint,
                                @DefaultValue("us-east-1") String region, @DefaultValue("false") boolean pathStyle) {}
                    }
                    """;

            List<String> properties = recordProperties(source, declaredRecords(source));

            assertThat(properties)
                    .containsExactly(
                            "pipeline.processor.reports.store",
                            "pipeline.processor.reports.s3",
                            "pipeline.processor.reports.s3.bucket",
                            "pipeline.processor.reports.s3.prefix",
                            "pipeline.processor.reports.s3.endpoint",
                            "pipeline.processor.reports.s3.region",
                            "pipeline.processor.reports.s3.path-style");
            assertThat(properties).anyMatch(property -> binds("PIPELINE_PROCESSOR_REPORTS_S3_PATH_STYLE", property));
        }

        /** Spring Boot's relaxed binding from the environment: dots to underscores, dashes dropped or underscores. */
        static boolean binds(String variable, String property) {
            String upper = property.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
            return variable.equals(upper.replace("-", "")) || variable.equals(upper.replace('-', '_'));
        }
    }

    /**
     * The optional object store: S3Mock under the profile {@code object-store}, and the override
     * that points the processors at its bucket and takes the shared output volume from them.
     */
    @Nested
    class ObjectStore {

        @Test
        void runsOnlyUnderItsProfile() {
            assertThat(service(OBJECT_STORE).get("profiles")).isEqualTo(List.of(OBJECT_STORE));
            SERVICES.forEach(name -> assertThat(service(name)).as(name).doesNotContainKey("profiles"));
        }

        @Test
        void isBuiltFromTheRootDockerfilesObjectStoreTargetWithTheJarOfItsModule() throws IOException {
            Map<String, Object> build = map(service(OBJECT_STORE).get("build"));
            assertThat(build.get("context")).isIn(".", "./");
            assertThat(build.get("target")).isEqualTo(OBJECT_STORE);
            assertThat(map(build.get("args")))
                    .containsEntry("MODULE", "local/object-store")
                    .containsEntry("JARS", "${JARS:-source}")
                    .containsEntry("JDK_IMAGE", "${JDK_IMAGE:-eclipse-temurin:21-jdk}")
                    .containsEntry("JRE_IMAGE", "${JRE_IMAGE:-eclipse-temurin:21-jre}");
            // The jar stages take <module>/target/<module name>.jar, from the host (JARS=host) or a build.
            assertThat(Files.readString(root.resolve("local/object-store/pom.xml")))
                    .contains("<artifactId>s3mock</artifactId>", "<classifier>exec</classifier>")
                    .contains("<destFileName>object-store.jar</destFileName>");
            assertThat(Files.readString(root.resolve("pom.xml"))).contains("<module>local/object-store</module>");
            assertThat(Files.readAllLines(root.resolve(".dockerignore")))
                    .contains("!local/object-store/target/object-store.jar");
            assertThat(Dockerfile.stage(OBJECT_STORE))
                    .containsPattern("(?m)^COPY --from=jar /workspace/app.jar ")
                    .containsPattern("(?m)^USER\\s+10001")
                    .contains("EXPOSE " + objectStorePort());
        }

        @Test
        void isHealthyWhenItsBucketIsThereAndHasAMemoryLimit() {
            Matcher url = healthcheckUrl(OBJECT_STORE);

            assertThat(url.group(2)).isEqualTo("/" + bucket());
            assertThat(map(map(map(service(OBJECT_STORE).get("deploy")).get("resources"))
                                    .get("limits"))
                            .get("memory"))
                    .isNotNull();
        }

        @Test
        void keepsItsObjectsOnADeclaredNamedVolumeAcrossRestarts() {
            Map<String, String> environment = environment(OBJECT_STORE);

            assertThat(namedVolumeMounts(OBJECT_STORE))
                    .containsValue(environment.get("COM_ADOBE_TESTING_S3MOCK_STORE_ROOT"));
            assertThat(map(compose.get("volumes")).keySet())
                    .containsAll(namedVolumeMounts(OBJECT_STORE).keySet());
            assertThat(environment).containsEntry("COM_ADOBE_TESTING_S3MOCK_STORE_RETAIN_FILES_ON_EXIT", "true");
            assertThat(dockerfile)
                    .contains("chown pipeline:pipeline " + environment.get("COM_ADOBE_TESTING_S3MOCK_STORE_ROOT"));
        }

        @Test
        void theOverridePointsTheProcessorsAtItsBucketOnceItIsHealthy() {
            Map<String, String> processor = overrideEnvironment();

            assertThat(processor)
                    .containsEntry("PIPELINE_PROCESSOR_REPORTS_STORE", "s3")
                    .containsEntry("PIPELINE_PROCESSOR_REPORTS_S3_BUCKET", bucket())
                    .containsEntry("PIPELINE_PROCESSOR_REPORTS_S3_ENDPOINT", "http://object-store:" + objectStorePort())
                    .containsEntry("PIPELINE_PROCESSOR_REPORTS_S3_PATH_STYLE", "true")
                    .containsEntry(
                            "PIPELINE_PROCESSOR_REPORTS_S3_REGION",
                            environment(OBJECT_STORE).get("COM_ADOBE_TESTING_S3MOCK_STORE_REGION"))
                    // The AWS SDK's default chain; S3Mock takes any.
                    .containsKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
            assertThat(map(map(overrideProcessor().get("depends_on")).get(OBJECT_STORE)))
                    .containsEntry("condition", "service_healthy");
            assertThat(map(objectStoreOverride.get("services")).keySet())
                    .as("the override changes the processors only")
                    .containsExactly("processor-service");
            // Without the override the processors keep the local store, the default.
            assertThat(environment("processor-service").keySet())
                    .noneMatch(variable -> variable.startsWith("PIPELINE_PROCESSOR_REPORTS_"));
        }

        @Test
        void withTheObjectStoreTheProcessorsShareNoVolume() {
            String outputDir = springProperties("processor-service", "docker").get("pipeline.processor.output-dir");

            assertThat(overrideProcessor().get("volumes")).isEqualTo(RESET);
            // What is left of the output directory is the container's own, and the app user's.
            assertThat(dockerfile).containsPattern("mkdir -p .*" + Pattern.quote(outputDir));
            assertThat(dockerfile).contains("chown pipeline:pipeline " + outputDir);
        }

        /** Live once the processor's ReportsProperties (issue #19, the s3 store) is in the tree. */
        @Test
        void everyVariableOfTheOverrideBindsToAPropertyOfTheProcessor() {
            List<String> properties = propertiesRead("processor-service");
            Assumptions.assumeTrue(
                    properties.stream().anyMatch(property -> property.startsWith("pipeline.processor.reports.")),
                    "the processor declares no pipeline.processor.reports.* yet (ReportsProperties, issue #19)");

            assertThat(overrideEnvironment().keySet().stream().filter(variable -> variable.startsWith("PIPELINE_")))
                    .isNotEmpty()
                    .allSatisfy(variable -> assertThat(properties)
                            .as(variable + " binds to nothing the processor reads")
                            .anyMatch(property -> Environment.binds(variable, property)));
        }

        @Test
        void theReadmeShowsTheCommand() throws IOException {
            assertThat(Files.readString(root.resolve("README.md")))
                    .contains("-f docker-compose.yml -f " + OBJECT_STORE_FILE + " --profile " + OBJECT_STORE + " up");
        }

        private static Map<String, Object> overrideProcessor() {
            return map(map(objectStoreOverride.get("services")).get("processor-service"));
        }

        private static Map<String, String> overrideEnvironment() {
            Map<String, String> values = new LinkedHashMap<>();
            map(overrideProcessor().get("environment"))
                    .forEach((key, value) -> values.put(key, value == null ? null : String.valueOf(value)));
            return values;
        }

        private static String bucket() {
            String bucket = environment(OBJECT_STORE).get("COM_ADOBE_TESTING_S3MOCK_STORE_INITIAL_BUCKETS");
            assertThat(bucket).as("the bucket created at start").isNotBlank().doesNotContain(",");
            return bucket;
        }

        private static int objectStorePort() {
            return Integer.parseInt(healthcheckUrl(OBJECT_STORE).group(1));
        }
    }

    @Nested
    class Dockerfile {

        @Test
        void buildsTheModuleNamedByABuildArgument() {
            assertThat(dockerfile).containsPattern("(?m)^ARG MODULE\\s*$").containsPattern("-pl\\s+\"?\\$\\{?MODULE");
        }

        @Test
        void everyFinalStageRunsAsANonRootUser() {
            List<String> users = Pattern.compile("(?m)^USER\\s+(\\S+)")
                    .matcher(dockerfile)
                    .results()
                    .map(m -> m.group(1))
                    .toList();

            assertThat(users).isNotEmpty().noneMatch(user -> user.matches("(root|0)(:.*)?"));
            assertThat(lastStage()).containsPattern("(?m)^USER\\s+");
            MODULES.keySet().stream()
                    .map(name -> map(service(name).get("build")).get("target"))
                    .filter(Objects::nonNull)
                    .forEach(target -> assertThat(stage(String.valueOf(target))).containsPattern("(?m)^USER\\s+"));
        }

        @Test
        void startsSpringServicesFromTheirLayersWithJarLauncher() {
            String service = lastStage();
            List<String> layers = Pattern.compile("(?m)^COPY\\s.*extracted/([\\w-]+)/")
                    .matcher(service)
                    .results()
                    .map(m -> m.group(1))
                    .toList();

            assertThat(dockerfile).contains("-Djarmode=tools").containsPattern("extract\\s+--layers\\s+--launcher");
            assertThat(layers)
                    .containsExactly("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");
            assertThat(service)
                    .containsPattern("(?m)^ENTRYPOINT .*org\\.springframework\\.boot\\.loader\\.launch\\.JarLauncher");
        }

        @Test
        void leavesBuildOutputAndRunStateOutOfTheContext() throws IOException {
            List<String> ignored = Files.readAllLines(root.resolve(".dockerignore")).stream()
                    .map(String::strip)
                    .toList();

            assertThat(ignored)
                    .containsAnyOf("target", "target/", "**/target", "**/target/")
                    .contains(".git/", ".pipeline/", "output/");
            // JARS=host packages these, and only these, from the host's build output.
            MODULES.values()
                    .forEach(module -> assertThat(ignored)
                            .contains(
                                    "!" + module + "/target/" + Path.of(module).getFileName() + ".jar"));
        }

        /** The default target, which the services without a `target:` are built to. */
        private String lastStage() {
            List<Integer> starts =
                    STAGE.matcher(dockerfile).results().map(MatchResult::start).toList();
            assertThat(starts).as("FROM lines").isNotEmpty();
            return dockerfile.substring(starts.getLast());
        }

        static String stage(String name) {
            Matcher from = Pattern.compile("(?im)^FROM\\s+\\S+\\s+AS\\s+" + Pattern.quote(name) + "\\s*$")
                    .matcher(dockerfile);
            assertThat(from.find()).as("stage " + name).isTrue();
            Matcher next = STAGE.matcher(dockerfile);
            return dockerfile.substring(from.start(), next.find(from.end()) ? next.start() : dockerfile.length());
        }
    }

    /**
     * One {@code ports} entry as Compose reads it with none of the variables it names set: host
     * address ({@code null}: every interface), host side ({@code null} when Docker picks) and
     * container side.
     */
    record PortMapping(String hostIp, String host, String container) {

        private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::?-([^}]*))?}");

        static PortMapping parse(Object entry) {
            if (entry instanceof Map<?, ?> longForm) {
                Object published = longForm.get("published");
                Object hostIp = longForm.get("host_ip");
                return new PortMapping(
                        hostIp == null ? null : interpolate(String.valueOf(hostIp)),
                        published == null ? null : interpolate(String.valueOf(published)),
                        String.valueOf(longForm.get("target")));
            }
            String[] parts = interpolate(String.valueOf(entry))
                    .replaceFirst("/\\w+$", "")
                    .split(":");
            String container = parts[parts.length - 1];
            return new PortMapping(
                    parts.length == 3 ? parts[0] : null, parts.length == 1 ? null : parts[parts.length - 2], container);
        }

        /** {@code ${VAR:-default}} and {@code ${VAR-default}} become the default, {@code ${VAR}} nothing. */
        private static String interpolate(String value) {
            return VARIABLE.matcher(value)
                    .replaceAll(
                            variable -> Matcher.quoteReplacement(variable.group(2) == null ? "" : variable.group(2)));
        }
    }

    private static Map<String, Object> service(String name) {
        Object service = map(compose.get("services")).get(name);
        if (service == null) {
            fail("docker-compose.yml has no service " + name);
        }
        return map(service);
    }

    private static List<String> dependencies(String name) {
        return List.copyOf(
                map(service(name).getOrDefault("depends_on", Map.of())).keySet());
    }

    /** Both compose forms: a map, or a list of {@code KEY=value}. */
    private static Map<String, String> environment(String name) {
        Object environment = service(name).getOrDefault("environment", Map.of());
        Map<String, String> values = new LinkedHashMap<>();
        if (environment instanceof List<?> list) {
            list.forEach(item -> {
                String[] pair = String.valueOf(item).split("=", 2);
                values.put(pair[0], pair.length > 1 ? pair[1] : null);
            });
        } else {
            map(environment).forEach((key, value) -> values.put(key, value == null ? null : String.valueOf(value)));
        }
        return values;
    }

    private static Matcher healthcheckUrl(String name) {
        Object test = map(service(name).get("healthcheck")).get("test");
        String command = test instanceof List<?> list
                ? String.join(" ", list.stream().map(String::valueOf).toList())
                : String.valueOf(test);
        Matcher url = HEALTH_URL.matcher(command);
        assertThat(url.find())
                .as(name + " healthcheck calls an http://localhost URL: " + command)
                .isTrue();
        return url;
    }

    private static List<PortMapping> ports(String name) {
        List<?> ports = (List<?>) service(name).getOrDefault("ports", List.of());
        return ports.stream().map(PortMapping::parse).toList();
    }

    private static List<String> rawPorts(String name) {
        List<?> ports = (List<?>) service(name).getOrDefault("ports", List.of());
        return ports.stream().map(String::valueOf).toList();
    }

    /** Named volume to mount path; bind mounts (a source with a slash or a dot) are left out. */
    private static Map<String, String> namedVolumeMounts(String name) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Object volume : (List<?>) service(name).getOrDefault("volumes", List.of())) {
            String source;
            String target;
            if (volume instanceof Map<?, ?> longForm) {
                source = String.valueOf(longForm.get("source"));
                target = String.valueOf(longForm.get("target"));
            } else {
                String[] parts = String.valueOf(volume).split(":");
                source = parts.length > 1 ? parts[0] : "";
                target = parts.length > 1 ? parts[1] : parts[0];
            }
            if (!source.isEmpty() && !source.contains("/") && !source.startsWith(".")) {
                mounts.put(source, target);
            }
        }
        return mounts;
    }

    /** server.port in effect under the docker profile. */
    private static int serverPort(String module) {
        String port = springProperties(module, "docker")
                .getOrDefault("server.port", springProperties(module, null).get("server.port"));
        assertThat(port).as(module + " server.port").isNotNull();
        return Integer.parseInt(port);
    }

    /**
     * The properties a service reads: those its application.yml sets, and every property of its and
     * service-support's {@code @ConfigurationProperties} records, which hold their defaults and so
     * are not in the YAML.
     */
    private static List<String> propertiesRead(String module) {
        List<String> properties = new ArrayList<>(springProperties(module, null).keySet());
        List<String> sourceFiles = new ArrayList<>();
        for (String sources : List.of(module, "service-support")) {
            try (var files = Files.walk(root.resolve(sources).resolve("src/main/java"))) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    sourceFiles.add(Files.readString(file));
                }
            } catch (IOException e) {
                fail("cannot read the sources of " + sources, e);
            }
        }
        Map<String, String> records = declaredRecords(String.join("\n", sourceFiles));
        sourceFiles.forEach(source -> properties.addAll(recordProperties(source, records)));
        return properties;
    }

    /** Every record the sources declare, by simple name: its components. */
    private static Map<String, String> declaredRecords(String sources) {
        Map<String, String> records = new LinkedHashMap<>();
        Matcher declared = RECORD_DECLARATION.matcher(sources);
        while (declared.find()) {
            records.putIfAbsent(declared.group(1), declared.group(2));
        }
        return records;
    }

    /**
     * {@code @ConfigurationProperties("pipeline.x") public record R(@Min(1) int someValue, ...)}:
     * pipeline.x.some-value, ...; a component whose type is one of the {@code records} the module
     * declares ({@code S3 s3} with {@code record S3(String bucket)}) is a group: pipeline.x.s3.bucket too.
     */
    static List<String> recordProperties(String source, Map<String, String> records) {
        Matcher record = PROPERTIES_RECORD.matcher(source);
        if (!record.find()) {
            return List.of();
        }
        List<String> properties = new ArrayList<>();
        addComponents(record.group(1), record.group(2), records, properties, 0);
        return properties;
    }

    private static void addComponents(
            String prefix, String components, Map<String, String> nested, List<String> into, int depth) {
        String header = components.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"");
        for (String before = ""; !before.equals(header); ) {
            before = header;
            header = header.replaceAll("@[\\w.]+(\\([^()]*\\))?", "").replaceAll("<[^<>]*>", "");
        }
        for (String component : header.split(",")) {
            String[] words = component.strip().split("\\s+");
            String name = words[words.length - 1]
                    .replaceAll("([a-z0-9])([A-Z])", "$1-$2")
                    .toLowerCase(java.util.Locale.ROOT);
            into.add(prefix + "." + name);
            String type = words.length > 1 ? words[words.length - 2] : "";
            if (nested.containsKey(type) && depth < 3) {
                addComponents(prefix + "." + name, nested.get(type), nested, into, depth + 1);
            }
        }
    }

    /** application.yml, or application-{profile}.yml, flattened to dotted keys (every document). */
    private static Map<String, String> springProperties(String module, String profile) {
        Path file = root.resolve(module)
                .resolve("src/main/resources")
                .resolve(profile == null ? "application.yml" : "application-" + profile + ".yml");
        Map<String, String> properties = new LinkedHashMap<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
                flatten("", document, properties);
            }
        } catch (IOException e) {
            fail("cannot read " + file, e);
        }
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

    /** A compose file; Compose's {@code !reset} tag reads as the string {@value #RESET}. */
    private static Object yaml(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Yaml(new ComposeTags()).load(reader);
        }
    }

    /** SnakeYAML's safe types, plus Compose's merge tag. */
    private static final class ComposeTags extends SafeConstructor {

        ComposeTags() {
            super(new LoaderOptions());
            yamlConstructors.put(new Tag(RESET), new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    return RESET;
                }
            });
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    /** Maven runs the tests in system-tests; walk up to the directory holding the compose file and the root pom. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "no docker-compose.yml beside a pom.xml above " + Path.of("").toAbsolutePath());
    }
}
