package dev.pipeline.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.pipeline.common.ErrorKind;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.SourceStats;
import dev.pipeline.common.Topics;
import dev.pipeline.common.net.FreePorts;
import dev.pipeline.common.report.testing.ReportSchema;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.util.FileSystemUtils;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Invariant 3, crash safety: a processor killed with SIGKILL (kill -9) at any point of a run and
 * restarted writes the same report as if nothing had happened, timing fields aside.
 *
 * <p>The processor runs as its own process from the packaged jar (so this runs in {@code verify},
 * after {@code package}), against an in-process KRaft broker; the test plays the fetcher. Each
 * case first has a small run reported uninterrupted (whose report must then survive the crash
 * untouched, and which also checks the test's own expectation), then kills the processor during
 * a second run: while it consumes (and again while the restarted one replays), while it is idle
 * halfway through with its offsets committed, and while it writes the report. The report the
 * next process writes is compared with one computed here from what was published.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ProcessorCrashIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** For reading one value at a time off a parser that has more to come. */
    private static final JsonMapper STREAM = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final Path JAR = Path.of("target", "processor-service.jar");
    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final Duration REPORT = Duration.ofSeconds(150);
    /** Stands in the expected report for a value that depends on when it was written. */
    private static final String ANY_INSTANT = "<any instant>";

    private static final String ANY_DURATION = "<any duration>";

    private final List<Processor> processors = new ArrayList<>();
    private final ExecutorService background = Executors.newCachedThreadPool();
    private EmbeddedKafkaKraftBroker broker;
    private Fetcher fetcher;
    private Path directory;
    private Path output;
    private String name;
    private long startNanos;
    private boolean failed;

    @RegisterExtension
    final AfterTestExecutionCallback showLogsOnFailure = context -> {
        if (context.getExecutionException().isPresent()) {
            failed = true;
            processors.forEach(Processor::printTail);
        }
    };

    /** A copy of the jar: a build elsewhere in the same tree must not replace it under a running processor. */
    private static Path jar;

    @BeforeAll
    static void copyThePackagedJar() throws IOException {
        assertThat(JAR)
                .as("the runnable jar, built by `package` before failsafe runs this test")
                .isRegularFile();
        jar = Files.createTempFile("processor-crash-", ".jar");
        Files.copy(JAR, jar, StandardCopyOption.REPLACE_EXISTING);
    }

    @AfterAll
    static void deleteTheCopy() throws IOException {
        Files.deleteIfExists(jar);
    }

    @BeforeEach
    void startBroker(TestInfo test) throws IOException {
        name = test.getTestMethod().orElseThrow().getName();
        startNanos = System.nanoTime();
        directory = Files.createTempDirectory("processor-crash-");
        output = directory.resolve("out");
        broker = new EmbeddedKafkaKraftBroker(1, 3);
        broker.afterPropertiesSet();
        broker.addTopics(
                new NewTopic(Topics.PRODUCTS, 3, (short) 1).configs(Topics.productsConfig()),
                new NewTopic(Topics.RUNS, 3, (short) 1).configs(Topics.runsConfig()));
        fetcher = new Fetcher(broker.getBrokersAsString());
    }

    @AfterEach
    void stopEverything() throws IOException {
        processors.forEach(Processor::kill);
        background.shutdownNow();
        fetcher.close();
        broker.destroy();
        if (failed) {
            System.out.println("[" + name + "] kept " + directory + " (processor logs and output)");
        } else {
            FileSystemUtils.deleteRecursively(directory);
        }
    }

    /** Killed while consuming the run, early on; the next one killed while replaying it; the third finishes. */
    @Test
    void killedWhileConsumingAndAgainWhileReplayingThenWritesTheSameReport() throws Exception {
        Processor first = startProcessor();
        Reported warmUp = reportUninterrupted(first, RunData.generate("warm-up-1", 400, 11));

        RunData run = RunData.generate("crash-consuming", 40_000, 1);
        Future<Published> publishing = background.submit(() -> fetcher.publish(run));
        long consumed = killOnceConsumed(first, run, run.productRecords() / 10);
        log("kill 1 while consuming: %d of %d product records consumed", consumed, run.productRecords());
        Published published = publishing.get(2, TimeUnit.MINUTES);

        Processor second = startProcessor();
        consumed = killOnceConsumed(second, run, run.productRecords() * 3 / 10);
        log("kill 2 while replaying: %d of %d product records consumed", consumed, run.productRecords());

        Processor third = startProcessor();
        awaitReport(third, run.runId());
        assertSameReport(run, published, warmUp);
    }

    /**
     * Killed while idle halfway through a run, long after it last committed: the other half and
     * the tasks' ends are published while no processor is running. Committing the consumed
     * position instead of the oldest open run's first offset makes this case lose half a run.
     */
    @Test
    void killedWhileIdleHalfwayThroughARunThenWritesTheSameReport() throws Exception {
        Processor first = startProcessor();
        Reported warmUp = reportUninterrupted(first, RunData.generate("warm-up-2", 400, 12));

        RunData run = RunData.generate("crash-halfway", 30_000, 2);
        int half = run.items().size() / 2;
        Published firstHalf = fetcher.publishPart(run, 0, half, true);
        long productsInFirstHalf = run.items().subList(0, half).stream()
                .filter(Item.Product.class::isInstance)
                .count();
        awaitConsumed(first, run.runId(), productsInFirstHalf);
        // One idle interval (2 s) and one commit interval (1 s): whatever the processor would
        // commit of the first half, it has committed now.
        Thread.sleep(3_500);
        Map<Integer, Long> committedBeforeKill = fetcher.committedOffsets(Topics.PRODUCTS);
        Map<Integer, Long> runsCommittedBeforeKill = fetcher.committedOffsets(Topics.RUNS);
        first.kill();
        log(
                "killed idle after %d of %d product records; committed then: products %s, runs %s (run started at %s)",
                productsInFirstHalf,
                run.productRecords(),
                committedBeforeKill,
                runsCommittedBeforeKill,
                firstHalf.started());

        Published published =
                firstHalf.and(fetcher.publishPart(run, half, run.items().size(), false));
        fetcher.finish(run, published);
        Processor second = startProcessor();
        awaitReport(second, run.runId());
        assertSameReport(run, published, warmUp);
        // Where the run starts on each partition is where the warm-up run, reported, ends.
        assertThat(committedBeforeKill)
                .as("offsets committed while the run was open, per products partition")
                .containsOnlyKeys(published.startOffsets().keySet());
        committedBeforeKill.forEach((partition, committed) -> {
            long runStart = published.startOffsets().get(partition);
            assertThat(committed)
                    .as("partition %d: nothing of the open run committed (it starts at %d)", partition, runStart)
                    .isLessThanOrEqualTo(runStart);
            assertThat(committed)
                    .as("partition %d: the reported run committed (it ends at %d)", partition, runStart - 1)
                    .isEqualTo(runStart);
        });
        TopicPartitionOffset started = published.started();
        assertThat(runsCommittedBeforeKill.getOrDefault(started.partition().partition(), 0L))
                .as(
                        "%s: nothing of the open run committed (its start event is at %d)",
                        started.partition(), started.offset())
                .isLessThanOrEqualTo(started.offset());
    }

    /** Killed while the report is being written: a temporary file exists, the report does not. */
    @Test
    void killedWhileWritingTheReportThenWritesTheSameReport() throws Exception {
        Processor first = startProcessor();
        Reported warmUp = reportUninterrupted(first, RunData.generate("warm-up-3", 400, 13));

        RunData run = RunData.generate("crash-writing", 150_000, 3);
        String prefix = "." + run.runId() + ".";
        // Killed once the temporary report has its first bytes: partly written, not yet renamed.
        Future<Long> killer = background.submit(() -> {
            while (true) {
                try (Stream<Path> files = Files.list(output)) {
                    List<Path> temporary = files.filter(
                                    f -> f.getFileName().toString().startsWith(prefix)
                                            && f.getFileName().toString().endsWith(".json.tmp"))
                            .toList();
                    if (!temporary.isEmpty() && sizeOrZero(temporary.getFirst()) > 0) {
                        first.kill();
                        return sizeOrZero(temporary.getFirst());
                    }
                }
                if (Files.exists(output.resolve(run.runId() + ".json")) || !first.isAlive()) {
                    return null;
                }
                Thread.sleep(2);
            }
        });
        Published published = fetcher.publish(run);
        log("published %d records", run.items().size());
        Long temporarySize = killer.get(REPORT.toSeconds(), TimeUnit.SECONDS);
        assertThat(temporarySize)
                .as("the processor was killed while a temporary report file existed "
                        + "(null: the report was complete, or the processor had died, before it was seen)")
                .isNotNull();
        assertThat(output.resolve(run.runId() + ".json"))
                .as("no report yet when killed")
                .doesNotExist();
        log("killed while writing the report: temporary file at %d bytes", temporarySize);

        Processor second = startProcessor();
        awaitReport(second, run.runId());
        assertSameReport(run, published, warmUp);
    }

    private static long sizeOrZero(Path file) {
        try {
            return Files.size(file);
        } catch (IOException gone) {
            return 0;
        }
    }

    // ---- the steps ----

    private record Reported(RunData run, Published published, byte[] bytes) {}

    private Reported reportUninterrupted(Processor processor, RunData run) throws Exception {
        Published published = fetcher.publish(run);
        Path report = awaitReport(processor, run.runId());
        assertReport(report, run.expectedReport(published), run.expectedProducts());
        return new Reported(run, published, Files.readAllBytes(report));
    }

    /** Kills the processor once it has consumed at least {@code atLeast} product records of the run. */
    private long killOnceConsumed(Processor processor, RunData run, long atLeast) throws Exception {
        long consumed = awaitConsumed(processor, run.runId(), atLeast);
        processor.kill();
        assertThat(output.resolve(run.runId() + ".json"))
                .as("killed before the run was reported")
                .doesNotExist();
        return consumed;
    }

    private long awaitConsumed(Processor processor, String runId, long atLeast) throws Exception {
        long deadline = System.nanoTime() + REPORT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = processor.status(runId);
            if (status != null) {
                assertThat(status.path("state").asString())
                        .as("state of %s while waiting for %d records", runId, atLeast)
                        .isEqualTo("OPEN");
                long consumed = status.path("productsConsumed").asLong();
                if (consumed >= atLeast) {
                    return consumed;
                }
            }
            Thread.sleep(10);
        }
        return fail("the processor did not consume %d product records of %s in time", atLeast, runId);
    }

    private Path awaitReport(Processor processor, String runId) throws InterruptedException {
        Path report = output.resolve(runId + ".json");
        long deadline = System.nanoTime() + REPORT.toNanos();
        while (!Files.exists(report)) {
            assertThat(processor.isAlive())
                    .as("processor %s alive while waiting for the report", processor)
                    .isTrue();
            if (System.nanoTime() > deadline) {
                fail("no report of %s within %s", runId, REPORT);
            }
            Thread.sleep(20);
        }
        log("report %s written", report.getFileName());
        return report;
    }

    private void assertSameReport(RunData run, Published published, Reported warmUp) throws IOException {
        try (Stream<Path> files = Files.list(output)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList())
                    .as("the output holds one report per run and nothing else (no temporary files left)")
                    .containsExactlyInAnyOrder(warmUp.run().runId() + ".json", run.runId() + ".json");
        }
        assertThat(Files.readAllBytes(output.resolve(warmUp.run().runId() + ".json")))
                .as("the report written before the crash is left as it was")
                .isEqualTo(warmUp.bytes());
        ReportSchema.assertValidReport(output.resolve(warmUp.run().runId() + ".json"));
        ReportSchema.assertValidReport(output.resolve(run.runId() + ".json"));
        ObjectNode expected = run.expectedReport(published);
        List<ObjectNode> products = run.expectedProducts();
        assertReport(output.resolve(run.runId() + ".json"), expected, products);
        log(
                "same report: %d products, %d errors; %.1f s",
                products.size(), expected.path("errors").size(), (System.nanoTime() - startNanos) / 1e9);
    }

    private Processor startProcessor() throws Exception {
        Processor processor = new Processor(
                processors.size() + 1,
                broker.getBrokersAsString(),
                output,
                directory.resolve("work-" + (processors.size() + 1)),
                directory);
        processors.add(processor);
        processor.awaitReady();
        log("processor %d ready", processor.number);
        return processor;
    }

    private void log(String format, Object... args) {
        System.out.printf(
                "[%s +%.1fs] %s%n", name, (System.nanoTime() - startNanos) / 1e9, String.format(format, args));
    }

    // ---- comparing reports ----

    /**
     * Reads the report as a stream (a run can have hundreds of thousands of products) and compares
     * it with the expected one: same keys in the same order, same values (numbers by value),
     * except where the expected one holds {@link #ANY_INSTANT} or {@link #ANY_DURATION}.
     */
    private static void assertReport(Path file, ObjectNode expected, List<ObjectNode> expectedProducts) {
        List<String> keys = new ArrayList<>();
        Iterator<ObjectNode> products = expectedProducts.iterator();
        Set<String> seen = new HashSet<>();
        long count = 0;
        try (JsonParser parser = STREAM.createParser(file.toFile())) {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String key = parser.currentName();
                keys.add(key);
                JsonToken value = parser.nextToken();
                if (key.equals("products")) {
                    assertThat(value).isEqualTo(JsonToken.START_ARRAY);
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        JsonNode product = STREAM.readTree(parser);
                        String id = product.path("source").asString() + ":"
                                + product.path("id").asString();
                        assertThat(seen.add(id))
                                .as("%s: product %s appears once", file.getFileName(), id)
                                .isTrue();
                        if (!products.hasNext()) {
                            fail(
                                    "%s: product %s at index %d is one more than the %d expected",
                                    file.getFileName(), id, count, expectedProducts.size());
                        }
                        assertSameJson("products[" + count + "]", products.next(), product);
                        count++;
                    }
                } else if (key.equals("changes") && !expected.has(key)) {
                    // Against the runs before it in this test: not what a crash may change (ChangesIntegrationTests).
                    parser.skipChildren();
                } else {
                    assertSameJson(key, expected.get(key), STREAM.readTree(parser));
                }
            }
        }
        assertThat(count).as("%s: products in the report", file.getFileName()).isEqualTo(expectedProducts.size());
        assertThat(keys).as("top-level keys").containsExactly("summary", "changes", "products", "errors", "metrics");
    }

    /** Checks cheaply and asserts (with a readable message) only what differs: reports have 10^5 products. */
    private static void assertSameJson(String path, JsonNode expected, JsonNode actual) {
        if (actual == null) {
            fail("%s is missing; expected %s", path, expected);
        }
        if (expected.isString() && ANY_INSTANT.equals(expected.asString())) {
            try {
                Instant.parse(actual.asString());
            } catch (RuntimeException e) {
                fail("%s is not an ISO-8601 instant: %s", path, actual);
            }
        } else if (expected.isString() && ANY_DURATION.equals(expected.asString())) {
            if (!actual.isNumber() || actual.decimalValue().signum() < 0) {
                fail("%s is not a duration in seconds: %s", path, actual);
            }
        } else if (expected.isNumber()) {
            if (!actual.isNumber() || actual.decimalValue().compareTo(expected.decimalValue()) != 0) {
                fail("%s: expected %s but was %s", path, expected, actual);
            }
        } else if (expected.isObject()) {
            if (!actual.isObject()
                    || !List.copyOf(actual.propertyNames()).equals(List.copyOf(expected.propertyNames()))) {
                assertThat(actual.isObject())
                        .as("%s is an object: %s", path, actual)
                        .isTrue();
                assertThat(actual.propertyNames())
                        .as("%s: keys, in order", path)
                        .containsExactlyElementsOf(expected.propertyNames());
            }
            for (String key : expected.propertyNames()) {
                assertSameJson(path + "." + key, expected.get(key), actual.get(key));
            }
        } else if (expected.isArray()) {
            if (!actual.isArray() || actual.size() != expected.size()) {
                fail("%s: expected %s but was %s", path, expected, actual);
            }
            for (int i = 0; i < expected.size(); i++) {
                assertSameJson(path + "[" + i + "]", expected.get(i), actual.get(i));
            }
        } else if (!actual.equals(expected)) {
            fail("%s: expected %s but was %s", path, expected, actual);
        }
    }

    // ---- the data of a run, and the report it must give ----

    /** What a fetcher publishes for a run, in order: records on pipeline.products and errors on pipeline.runs. */
    sealed interface Item {
        record Product(ProductRecord record) implements Item {}

        /** A record of the run that cannot be used (a wire version from the future): dead-lettered, an error. */
        record Poison(String key, String json) implements Item {}

        record Failure(RunEvent.FetchFailed event) implements Item {}
    }

    /** Where a run's records landed. */
    record Published(
            TopicPartitionOffset started,
            Map<Integer, Long> startOffsets,
            Map<Integer, Long> lastOffsets,
            Map<String, TopicPartitionOffset> poison) {
        Published and(Published later) {
            Map<Integer, Long> last = new HashMap<>(lastOffsets);
            later.lastOffsets.forEach((p, o) -> last.merge(p, o, Math::max));
            Map<String, TopicPartitionOffset> poisoned = new HashMap<>(poison);
            poisoned.putAll(later.poison);
            return new Published(
                    started == null ? later.started : started,
                    startOffsets.isEmpty() ? later.startOffsets : startOffsets,
                    last,
                    poisoned);
        }
    }

    record TopicPartitionOffset(TopicPartition partition, long offset) {}

    /**
     * A generated run: deterministic for its seed. Four sources (one with text ids among numeric
     * ones, one without prices or categories), about 10% of prices missing, 20 categories and
     * some without, attributes, a few non-ASCII titles, products re-sent later with another
     * price, title or category (the last one sent wins), fetch errors and one unreadable record.
     */
    record RunData(
            String runId, List<String> sources, Instant startedAt, List<Item> items, Map<String, SourceStats> stats) {

        private static final List<String> CATEGORIES = List.of(
                "beauty",
                "fragrances",
                "furniture",
                "groceries",
                "home-decoration",
                "kitchen-accessories",
                "laptops",
                "mens-shirts",
                "mens-shoes",
                "mens-watches",
                "mobile-accessories",
                "motorcycle",
                "skin-care",
                "smartphones",
                "sports-accessories",
                "sunglasses",
                "tablets",
                "tops",
                "vehicle",
                "womens-bags");

        static RunData generate(String runId, int uniqueProducts, long seed) {
            Random random = new Random(seed);
            List<String> sources = List.of("shop", "catalog", "legacy", "users");
            Instant base = Instant.parse("2026-11-01T10:00:00Z").plusSeconds(seed * 3600);
            Map<String, Integer> nextId = new HashMap<>();
            List<ProductRecord> originals = new ArrayList<>(uniqueProducts);
            List<Item> items = new ArrayList<>();
            for (int i = 0; i < uniqueProducts; i++) {
                int bucket = i % 10;
                String source = bucket < 4 ? "shop" : bucket < 7 ? "catalog" : bucket < 9 ? "legacy" : "users";
                int number = nextId.merge(source, 1 + random.nextInt(3), Integer::sum);
                String id = source.equals("legacy") && i % 3 == 0
                        ? "sku-" + Integer.toString(number * 7919, 36)
                        : Integer.toString(number);
                Double price = source.equals("users") || random.nextInt(10) == 0
                        ? null
                        : Math.round(random.nextDouble() * 99_999) / 100.0;
                String category = source.equals("users") || random.nextInt(20) == 0
                        ? null
                        : CATEGORIES.get((int) (CATEGORIES.size() * Math.pow(random.nextDouble(), 1.7)));
                Map<String, String> attributes = switch (source) {
                    case "shop" -> Map.of("sku", "S-" + id, "brand", "brand-" + (i % 13));
                    case "catalog" -> Map.of("rating", String.valueOf(random.nextInt(50) / 10.0));
                    default -> Map.of();
                };
                String title = "Product " + id + (i % 97 == 0 ? " — café ✓ «sale»" : "");
                ProductRecord product = new ProductRecord(
                        ProductRecord.CURRENT_VERSION,
                        runId,
                        source,
                        id,
                        title,
                        price,
                        category,
                        "http://upstream/" + source + "?page=" + (i / 30 + 1),
                        base.plusMillis(i),
                        attributes);
                originals.add(product);
                items.add(new Item.Product(product));
                if (i > 0 && i % 20 == 0) {
                    // An earlier product again, changed: only this later value may count.
                    ProductRecord earlier = originals.get((int) ((i * 7919L) % i));
                    Double newPrice = earlier.price() == null
                            ? Double.valueOf((i % 500) + 0.99)
                            : i % 140 == 0 ? null : Double.valueOf(Math.round(earlier.price() * 105 + 100) / 100.0);
                    String newCategory =
                            i % 60 == 0 && earlier.price() != null ? CATEGORIES.get(i % 20) : earlier.category();
                    items.add(new Item.Product(new ProductRecord(
                            ProductRecord.CURRENT_VERSION,
                            runId,
                            earlier.source(),
                            earlier.externalId(),
                            earlier.title() + " (v" + i + ")",
                            newPrice,
                            newCategory,
                            earlier.endpoint(),
                            base.plusMillis(uniqueProducts + i),
                            earlier.attributes())));
                }
                if (i == uniqueProducts / 5) {
                    items.add(failure(
                            runId,
                            "users",
                            "http://upstream/users?page=7",
                            "HTTP 503 Service Unavailable",
                            ErrorKind.HTTP_ERROR,
                            4,
                            base.plusSeconds(1)));
                }
                if (i == uniqueProducts / 3) {
                    items.add(new Item.Poison(
                            "legacy:poison-" + seed,
                            "{\"version\":99,\"runId\":\"" + runId + "\",\"source\":\"legacy\",\"externalId\":\"poison-"
                                    + seed + "\",\"title\":\"from the future\"}"));
                    items.add(failure(
                            runId,
                            "legacy",
                            "http://upstream/legacy?page=3",
                            "read timed out after 5000 ms",
                            ErrorKind.TIMEOUT,
                            3,
                            base.plusSeconds(2)));
                }
                if (i == uniqueProducts * 3 / 4) {
                    items.add(failure(
                            runId,
                            "catalog",
                            "http://upstream/catalog?page=12",
                            "CircuitBreaker 'catalog' is OPEN and does not permit further calls",
                            ErrorKind.CIRCUIT_OPEN,
                            0,
                            base.plusSeconds(3)));
                    items.add(failure(
                            runId,
                            "legacy",
                            "http://upstream/legacy?page=9",
                            "item 17: price must not be negative",
                            ErrorKind.INVALID_ITEM,
                            1,
                            base.plusSeconds(4)));
                }
            }
            Map<String, SourceStats> stats = new TreeMap<>();
            for (String source : sources) {
                long itemsOfSource = items.stream()
                        .filter(item -> item instanceof Item.Product p
                                && p.record().source().equals(source))
                        .count();
                long pages = itemsOfSource / 30 + 1;
                stats.put(
                        source,
                        new SourceStats(
                                pages + source.length(),
                                pages,
                                source.length() % 3,
                                source.length() % 2,
                                itemsOfSource,
                                source.equals("legacy") ? 1 : 0));
            }
            return new RunData(runId, sources, base, List.copyOf(items), stats);
        }

        private static Item failure(
                String runId, String source, String endpoint, String error, ErrorKind kind, int attempts, Instant at) {
            return new Item.Failure(TaskRuns.error(runId, source, endpoint, error, kind.wireName(), attempts, at));
        }

        long productRecords() {
            return items.stream().filter(Item.Product.class::isInstance).count();
        }

        /** Deduplicated (the last sent wins) in report order: by source, then numeric ids by number, then text ids. */
        List<ProductRecord> latestProducts() {
            Map<String, ProductRecord> latest = new LinkedHashMap<>();
            for (Item item : items) {
                if (item instanceof Item.Product p) {
                    latest.put(p.record().key(), p.record());
                }
            }
            Comparator<ProductRecord> order = Comparator.comparing(ProductRecord::source)
                    .thenComparing(
                            p -> isNumeric(p.externalId()) ? p.externalId().length() : Integer.MAX_VALUE)
                    .thenComparing(ProductRecord::externalId);
            return latest.values().stream().sorted(order).toList();
        }

        private static boolean isNumeric(String id) {
            return id.chars().allMatch(c -> c >= '0' && c <= '9');
        }

        List<ObjectNode> expectedProducts() {
            return latestProducts().stream()
                    .map(product -> {
                        ObjectNode node = JSON.createObjectNode();
                        node.put("id", product.externalId());
                        node.put("title", product.title());
                        node.put("source", product.source());
                        if (product.price() == null) {
                            node.putNull("price");
                        } else {
                            node.put("price", product.price());
                        }
                        node.put("category", product.category());
                        node.put("processed_at", ANY_INSTANT);
                        node.put("fetched_at", product.fetchedAt().toString());
                        new TreeMap<>(product.attributes()).forEach(node::put);
                        return node;
                    })
                    .toList();
        }

        /** The report without its products (those are compared one by one). */
        ObjectNode expectedReport(Published published) {
            List<ProductRecord> products = latestProducts();
            ObjectNode report = JSON.createObjectNode();

            ArrayNode errors = JSON.createArrayNode();
            // Errors come in the order they were read: pipeline.products (the unreadable record) before pipeline.runs.
            for (Item item : items) {
                if (item instanceof Item.Poison poison) {
                    TopicPartitionOffset at = published.poison().get(poison.key());
                    ObjectNode error = errors.addObject();
                    error.put("endpoint", "kafka:" + at.partition() + "@" + at.offset());
                    error.put("error", "unreadable record: unsupported product record version 99");
                    error.put("timestamp", ANY_INSTANT);
                    error.putNull("source");
                    error.put("kind", ErrorKind.UNREADABLE_RECORD.wireName());
                    error.put("attempts", 0);
                }
            }
            for (Item item : items) {
                if (item instanceof Item.Failure(RunEvent.FetchFailed failed)) {
                    ObjectNode error = errors.addObject();
                    error.put("endpoint", failed.endpoint());
                    error.put("error", failed.error());
                    error.put("timestamp", failed.timestamp().toString());
                    error.put("source", failed.source());
                    error.put("kind", failed.kind());
                    error.put("attempts", failed.attempts());
                }
            }

            ObjectNode summary = report.putObject("summary");
            summary.put("run_id", runId);
            summary.put("total_products", products.size());
            summary.put("total_errors", errors.size());
            summary.put("processing_time_seconds", ANY_DURATION);
            summary.put("success_rate", round((double) products.size() / (products.size() + errors.size()), 4));
            ArrayNode sourceNames = summary.putArray("sources");
            sources.forEach(sourceNames::add);
            summary.put("started_at", startedAt.toString());
            summary.put("finished_at", ANY_INSTANT);
            summary.put("incomplete", false);
            summary.put("missing_records", 0);

            report.putArray("products");
            report.set("errors", errors);

            ObjectNode metrics = report.putObject("metrics");
            List<Double> prices = products.stream()
                    .map(ProductRecord::price)
                    .filter(p -> p != null)
                    .toList();
            double sum = 0; // in report order, as the processor adds them
            for (double price : prices) {
                sum += price;
            }
            List<Double> sorted = prices.stream().sorted().toList();
            int n = sorted.size();
            ObjectNode priceMetrics = metrics.putObject("price_metrics");
            priceMetrics.put("min_price", round(sorted.getFirst(), 2));
            priceMetrics.put("max_price", round(sorted.getLast(), 2));
            priceMetrics.put("average_price", round(sum / n, 2));
            priceMetrics.put(
                    "median_price",
                    round(n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2, 2));
            priceMetrics.put("valid_price_count", n);

            Map<String, Long> categories = new TreeMap<>();
            products.forEach(p -> categories.merge(p.category(), 1L, Long::sum));
            ObjectNode distribution = metrics.putObject("category_distribution");
            categories.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue()
                            .reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .forEach(e -> distribution.put(e.getKey(), e.getValue()));

            ObjectNode requests = metrics.putObject("source_request_counts");
            stats.forEach((source, s) -> requests.put(source, s.requests()));
            ObjectNode sourceStats = metrics.putObject("source_stats");
            stats.forEach((source, s) -> {
                ObjectNode node = sourceStats.putObject(source);
                node.put("requests", s.requests());
                node.put("succeeded", s.succeeded());
                node.put("failed", s.failed());
                node.put("retried", s.retried());
                node.put("items", s.items());
                node.put("invalid_items", s.invalidItems());
            });
            return report;
        }

        private static BigDecimal round(double value, int decimals) {
            return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP);
        }
    }

    // ---- the fetcher's side of Kafka ----

    /** Publishes as the fetcher does: JSON values without type headers, acks from all replicas. */
    private static final class Fetcher implements AutoCloseable {
        private final KafkaTemplate<String, Object> json;
        private final KafkaTemplate<String, byte[]> raw;
        private final Admin admin;

        Fetcher(String brokers) {
            Map<String, Object> props = Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    brokers,
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.LINGER_MS_CONFIG,
                    5,
                    ProducerConfig.BATCH_SIZE_CONFIG,
                    256 * 1024);
            json = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                    props, new StringSerializer(), new JacksonJsonSerializer<>().noTypeInfo()));
            raw = new KafkaTemplate<>(
                    new DefaultKafkaProducerFactory<>(props, new StringSerializer(), new ByteArraySerializer()));
            admin = Admin.create(Map.of("bootstrap.servers", brokers));
        }

        /** Publishes a whole run: its start, every item, and each source's task's end. */
        Published publish(RunData run) throws Exception {
            Published published = publishPart(run, 0, run.items().size(), true);
            finish(run, published);
            return published;
        }

        /** Publishes items {@code [from, to)} of the run, after its start event when {@code start}. */
        Published publishPart(RunData run, int from, int to, boolean start) throws Exception {
            Map<Integer, Long> startOffsets = Map.of();
            TopicPartitionOffset started = null;
            if (start) {
                startOffsets = endOffsets();
                started = event(TaskRuns.started(run.runId(), run.sources(), run.startedAt(), startOffsets));
            }
            Map<Integer, Long> last = new ConcurrentHashMap<>();
            Map<String, TopicPartitionOffset> poison = new ConcurrentHashMap<>();
            List<CompletableFuture<?>> sends = new ArrayList<>();
            for (Item item : run.items().subList(from, to)) {
                switch (item) {
                    case Item.Product(ProductRecord product) ->
                        sends.add(json.send(Topics.PRODUCTS, product.key(), product)
                                .thenAccept(sent -> record(last, sent)));
                    case Item.Poison(String key, String value) ->
                        sends.add(raw.send(Topics.PRODUCTS, key, value.getBytes(StandardCharsets.UTF_8))
                                .thenAccept(sent -> {
                                    record(last, sent);
                                    poison.put(
                                            key,
                                            new TopicPartitionOffset(
                                                    new TopicPartition(
                                                            Topics.PRODUCTS,
                                                            sent.getRecordMetadata()
                                                                    .partition()),
                                                    sent.getRecordMetadata().offset()));
                                }));
                    case Item.Failure(RunEvent.FetchFailed failed) ->
                        sends.add(json.send(Topics.RUNS, run.runId(), failed));
                }
            }
            json.flush();
            raw.flush();
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
            return new Published(started, startOffsets, Map.copyOf(last), Map.copyOf(poison));
        }

        /**
         * Each source's task's end with the source's stats; the last one names per partition the
         * offset of the run's last record there (from the acks of everything {@code published}) and
         * how many product records the run published.
         */
        void finish(RunData run, Published published) throws Exception {
            List<String> sources = List.copyOf(run.stats().keySet());
            for (String source : sources) {
                boolean last = source.equals(sources.getLast());
                event(TaskRuns.done(
                        run.runId(),
                        source,
                        run.stats().get(source),
                        last ? published.lastOffsets() : Map.of(),
                        last ? run.productRecords() : 0,
                        run.startedAt().plusSeconds(last ? 61 : 60)));
            }
        }

        private static void record(Map<Integer, Long> last, SendResult<String, ?> sent) {
            last.merge(
                    sent.getRecordMetadata().partition(),
                    sent.getRecordMetadata().offset(),
                    Math::max);
        }

        TopicPartitionOffset event(RunEvent event) throws Exception {
            var sent = json.send(Topics.RUNS, event.runId(), event)
                    .get(30, TimeUnit.SECONDS)
                    .getRecordMetadata();
            return new TopicPartitionOffset(new TopicPartition(Topics.RUNS, sent.partition()), sent.offset());
        }

        Map<Integer, Long> endOffsets() throws Exception {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 3; p++) {
                latest.put(new TopicPartition(Topics.PRODUCTS, p), OffsetSpec.latest());
            }
            Map<Integer, Long> ends = new TreeMap<>();
            admin.listOffsets(latest)
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
            return ends;
        }

        /** Every consumer group's committed offsets on the topic (the processor's groups, whatever their names). */
        Map<Integer, Long> committedOffsets(String topic) throws Exception {
            Map<Integer, Long> committed = new TreeMap<>();
            for (GroupListing group : admin.listGroups().all().get(30, TimeUnit.SECONDS)) {
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS);
                offsets.forEach((partition, offset) -> {
                    if (partition.topic().equals(topic) && offset != null) {
                        committed.merge(partition.partition(), offset.offset(), Math::max);
                    }
                });
            }
            return committed;
        }

        @Override
        public void close() {
            json.destroy();
            raw.destroy();
            admin.close(Duration.ofSeconds(5));
        }
    }

    // ---- the processor as a process ----

    private static final class Processor {
        private static final HttpClient HTTP =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        private final int number;
        private final int port;
        private final Path log;
        private final Process process;

        Processor(int number, String brokers, Path output, Path work, Path directory) throws IOException {
            this.number = number;
            this.port = FreePorts.pick(1)[0];
            this.log = directory.resolve("processor-" + number + ".log");
            List<String> command = List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "--enable-native-access=ALL-UNNAMED",
                    "-jar",
                    jar.toString(),
                    "--server.port=" + port,
                    "--server.address=127.0.0.1",
                    "--spring.kafka.bootstrap-servers=" + brokers,
                    "--pipeline.processor.output-dir=" + output,
                    "--pipeline.processor.work-dir=" + work,
                    // A killed consumer leaves the group when its session expires: 6 s (the broker's
                    // minimum) instead of 45 s, so that a restart does not wait for that long.
                    "--spring.kafka.consumer.properties.session.timeout.ms=6000",
                    "--spring.kafka.consumer.properties.heartbeat.interval.ms=1000");
            this.process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        }

        void awaitReady() throws Exception {
            long deadline = System.nanoTime() + STARTUP.toNanos();
            while (System.nanoTime() < deadline) {
                assertThat(process.isAlive()).as("%s started", this).isTrue();
                try {
                    HttpResponse<String> health =
                            HTTP.send(request("/actuator/health"), HttpResponse.BodyHandlers.ofString());
                    if (health.statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(100);
            }
            fail("%s not ready within %s", this, STARTUP);
        }

        /** The run as this processor sees it, or null while it does not know it yet. */
        JsonNode status(String runId) throws Exception {
            assertThat(process.isAlive()).as("%s alive", this).isTrue();
            HttpResponse<String> response =
                    HTTP.send(request("/api/runs/" + runId), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return null;
            }
            assertThat(response.statusCode())
                    .as("status of %s: %s", runId, response.body())
                    .isEqualTo(200);
            return JSON.readTree(response.body());
        }

        boolean isAlive() {
            return process.isAlive();
        }

        /** kill -9: {@link Process#destroyForcibly()} sends SIGKILL on Linux. */
        void kill() {
            if (!process.isAlive()) {
                return;
            }
            process.destroyForcibly();
            try {
                assertThat(process.waitFor(30, TimeUnit.SECONDS))
                        .as("%s gone", this)
                        .isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            assertThat(process.exitValue())
                    .as("%s exit status: killed by SIGKILL", this)
                    .isEqualTo(128 + 9);
        }

        void printTail() {
            try {
                List<String> lines = Files.readAllLines(log);
                System.out.println("---- last lines of " + log + " ----");
                lines.subList(Math.max(0, lines.size() - 60), lines.size()).forEach(System.out::println);
            } catch (IOException e) {
                System.out.println("---- no log at " + log + ": " + e);
            }
        }

        private HttpRequest request(String path) {
            return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5))
                    .build();
        }

        @Override
        public String toString() {
            return "processor " + number + " (pid " + process.pid() + ", port " + port + ", log " + log + ")";
        }
    }
}
