package dev.pipeline.fetcher.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.ItemJson;
import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.Topics;
import dev.pipeline.support.kafka.BytesOrJsonSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import tools.jackson.databind.JsonNode;

/**
 * The products the fetcher writes by hand must be the products the processor reads: equal through
 * {@link PipelineJson#mapper()} and through Spring's JSON deserializer, and the very bytes that
 * mapper and the services' value serializer wrote for a record before.
 */
class ProductJsonTests {

    private static final Instant AT = Instant.parse("2026-11-23T12:00:01.123456Z");

    /** An item as an API sends one: nested, with text that needs escaping, numbers of each kind. */
    private static final String ITEM = "{\"id\":734519,\"title\":\"Crème 😀 \\\"q\\\" \\u0000\",\"price\":129.99,"
            + "\"big\":12345678901234567890123,\"n\":null,\"ok\":true,\"dimensions\":{\"width\":1.5,\"tags\":[1,\"a\",[],{}]}}";

    static Stream<ProductRecord> records() {
        return Stream.of(
                withItem(
                        product(
                                "734519",
                                "Handcrafted Wireless Headphones",
                                129.99,
                                "mobile-accessories",
                                AT,
                                Map.of("brand", "Acme")),
                        ITEM),
                product("734519", "Handcrafted Wireless Headphones", 129.99, "mobile-accessories", AT, Map.of()),
                withItem(product("9", "Empty item", 1.0, "c", AT, Map.of()), "{}"),
                product("1", "No price", null, null, AT, Map.of()),
                product("2", "Zero", 0.0, "unknown", Instant.EPOCH, Map.of()),
                product("3", "Huge", Double.MAX_VALUE, "c", Instant.parse("2026-01-01T00:00:00Z"), Map.of()),
                product("4", "Tiny", Double.MIN_VALUE, "c", Instant.parse("2026-01-01T00:00:00.100Z"), Map.of()),
                product("5", "Whole", 1e21, "c", Instant.parse("-0001-01-01T00:00:00Z"), Map.of()),
                product("6", "Nanos", 1.0E-7, "c", Instant.parse("2026-01-01T00:00:00.000000001Z"), Map.of()),
                product(
                        "ünï-çødé-😀",
                        "Crème brûlée — 寿司 🍣 \"quoted\" back\\slash tab\t newline\n nul\u0000 bell\u0007 \u2028",
                        3.5,
                        "Épicerie </script>",
                        AT,
                        Map.of()),
                product(
                        "7",
                        "With attributes",
                        9.99,
                        "c",
                        AT,
                        Map.of("brand", "Acme", "colour", "blé 😀", "empty", "", "quote\"name", "v\n")),
                new ProductRecord(
                        ProductRecord.CURRENT_VERSION, "run-x", "s", "8", null, null, null, null, null, null));
    }

    @ParameterizedTest
    @MethodSource("records")
    void readsBackEqualThroughThePipelinesMapper(ProductRecord record) {
        assertThat(PipelineJson.mapper().readValue(ProductJson.of(record), ProductRecord.class))
                .isEqualTo(record);
    }

    @ParameterizedTest
    @MethodSource("records")
    void isTheJsonThePipelinesMapperWrites(ProductRecord record) {
        assertThat(new String(ProductJson.of(record), StandardCharsets.UTF_8))
                .isEqualTo(new String(PipelineJson.mapper().writeValueAsBytes(record), StandardCharsets.UTF_8));
    }

    /** What the producer's value serializer wrote for a record before: the same bytes. */
    @ParameterizedTest
    @MethodSource("records")
    void isWhatTheServicesJsonSerializerWrote(ProductRecord record) {
        try (BytesOrJsonSerializer serializer = new BytesOrJsonSerializer()) {
            serializer.configure(Map.of(), false);
            assertThat(ProductJson.of(record)).isEqualTo(serializer.serialize(Topics.PRODUCTS, record));
            assertThat(serializer.serialize(Topics.PRODUCTS, ProductJson.of(record)))
                    .as("bytes are sent as they are")
                    .isEqualTo(ProductJson.of(record));
        }
    }

    /** As the processor's product listener reads them: Spring's JSON deserializer, the record as its type. */
    @ParameterizedTest
    @MethodSource("records")
    void readsBackEqualThroughSpringsJsonDeserializer(ProductRecord record) {
        try (JacksonJsonDeserializer<ProductRecord> deserializer =
                new JacksonJsonDeserializer<>(ProductRecord.class).ignoreTypeHeaders()) {
            assertThat(deserializer.deserialize(Topics.PRODUCTS, ProductJson.of(record)))
                    .isEqualTo(record);
        }
    }

    /** Records with random text (any code point, surrogate pairs, controls), prices and attributes. */
    @Test
    void generatedRecordsReadBackEqual() {
        Random random = new Random(16);
        for (int i = 0; i < 2_000; i++) {
            Map<String, String> attributes = new HashMap<>();
            for (int a = random.nextInt(4); a > 0; a--) {
                attributes.put(text(random, 1 + random.nextInt(10)), text(random, random.nextInt(20)));
            }
            ProductRecord record = new ProductRecord(
                    ProductRecord.CURRENT_VERSION,
                    "run-" + i,
                    text(random, 1 + random.nextInt(12)),
                    text(random, 1 + random.nextInt(30)),
                    text(random, 1 + random.nextInt(200)),
                    random.nextInt(5) == 0 ? null : price(random),
                    random.nextInt(5) == 0 ? null : text(random, random.nextInt(30)),
                    "http://127.0.0.1:8089/p?skip=" + i + "&q=" + text(random, 5),
                    Instant.ofEpochSecond(
                            random.nextLong(-100_000_000_000L, 100_000_000_000L), random.nextInt(1_000_000_000)),
                    attributes);
            if (random.nextBoolean()) {
                record = withItem(
                        record,
                        "{\"id\":" + i + ",\"t\":"
                                + PipelineJson.mapper().writeValueAsString(text(random, random.nextInt(40)))
                                + ",\"nested\":{\"p\":" + price(random) + "}}");
            }
            byte[] json = ProductJson.of(record);
            assertThat(PipelineJson.mapper().readValue(json, ProductRecord.class))
                    .as("record %d: %s", i, new String(json, StandardCharsets.UTF_8))
                    .isEqualTo(record);
            assertThat(json).isEqualTo(PipelineJson.mapper().writeValueAsBytes(record));
        }
    }

    /**
     * An item copied from the middle of its page (its bytes a range of the page's) is written into
     * the record as the same item read alone: only its bytes, by the writer and by {@code of}.
     */
    @Test
    void anItemCopiedFromItsPageIsWrittenAsTheSameItemReadAlone() {
        String item = "{\"id\":734519,\"title\":\"Cr\u00e8me \u5bff\",\"price\":129.99,\"ok\":true,"
                + "\"dimensions\":{\"width\":1.5,\"tags\":[1,\"a\",[],{}]}}";
        byte[] page =
                ("{\"products\":[{\"id\":1}," + item + ",{\"id\":3}],\"total\":3}").getBytes(StandardCharsets.UTF_8);
        ProductRecord base = product("734519", "Crème", 129.99, "c", AT, Map.of("brand", "Acme"));
        ProductRecord sliced = withItem(
                base,
                ItemJson.of(dev.pipeline.common.SlicedTree.read(page)
                        .get("products")
                        .get(1)));
        ProductRecord alone = withItem(base, item);
        assertThat(sliced).isEqualTo(alone);
        assertThat(ProductJson.of(sliced)).isEqualTo(ProductJson.of(alone));
        try (ProductJson.Writer writer = ProductJson.writer()) {
            assertThat(writer.of(sliced)).isEqualTo(ProductJson.of(alone));
            assertThat(writer.of(alone)).isEqualTo(ProductJson.of(alone));
            assertThat(writer.of(sliced)).isEqualTo(ProductJson.of(alone));
        }
        assertThat(PipelineJson.mapper().readValue(ProductJson.of(sliced), ProductRecord.class))
                .isEqualTo(alone);
        JsonNode slicedTree = PipelineJson.mapper().valueToTree(sliced);
        JsonNode aloneTree = PipelineJson.mapper().valueToTree(alone);
        assertThat(slicedTree)
                .as("a record with a ranged item, as a tree (ItemJson.Writer writes the item's tree)")
                .isEqualTo(aloneTree);
    }

    /** One writer for a page's records writes each the bytes {@link ProductJson#of} does, shared fields or not. */
    @Test
    void aWriterWritesEveryRecordAsOfDoes() {
        List<ProductRecord> records = records().toList();
        try (ProductJson.Writer writer = ProductJson.writer()) {
            for (int round = 0; round < 3; round++) {
                for (ProductRecord record : records) {
                    assertThat(new String(writer.of(record), StandardCharsets.UTF_8))
                            .isEqualTo(new String(
                                    PipelineJson.mapper().writeValueAsBytes(record), StandardCharsets.UTF_8));
                }
            }
        }
    }

    /** Records of one page (the same run, source, endpoint, time) and of others in between, with random text. */
    @Test
    void aWriterWritesGeneratedRecordsAsOfDoes() {
        Random random = new Random(17);
        try (ProductJson.Writer writer = ProductJson.writer()) {
            String runId = "run-0";
            String source = "s";
            String endpoint = "http://127.0.0.1:8089/p?skip=0";
            Instant at = Instant.EPOCH;
            for (int i = 0; i < 2_000; i++) {
                if (random.nextInt(20) == 0) {
                    runId = text(random, 1 + random.nextInt(12));
                }
                if (random.nextInt(10) == 0) {
                    source = text(random, 1 + random.nextInt(12));
                }
                if (random.nextInt(5) == 0) {
                    endpoint = random.nextInt(10) == 0 ? null : "http://127.0.0.1:8089/p?q=" + text(random, 5);
                }
                if (random.nextInt(5) == 0) {
                    at = random.nextInt(10) == 0
                            ? null
                            : Instant.ofEpochSecond(
                                    random.nextLong(-100_000_000_000L, 100_000_000_000L),
                                    random.nextInt(1_000_000_000));
                }
                ProductRecord record = new ProductRecord(
                        ProductRecord.CURRENT_VERSION,
                        runId,
                        source,
                        text(random, 1 + random.nextInt(30)),
                        text(random, 1 + random.nextInt(200)),
                        random.nextInt(5) == 0 ? null : price(random),
                        random.nextInt(5) == 0 ? null : text(random, random.nextInt(30)),
                        endpoint,
                        at,
                        random.nextInt(10) == 0 ? Map.of(text(random, 3), text(random, 8)) : Map.of());
                if (random.nextInt(3) > 0) {
                    record = withItem(
                            record,
                            "{\"i\":" + i + ",\"t\":"
                                    + PipelineJson.mapper().writeValueAsString(text(random, random.nextInt(60))) + "}");
                }
                assertThat(writer.of(record))
                        .as("record %d", i)
                        .isEqualTo(PipelineJson.mapper().writeValueAsBytes(record));
            }
        }
    }

    /** A field added to the record fails this until {@link ProductJson} writes it too. */
    @Test
    void writesEveryFieldOfTheRecord() {
        List<String> components = Stream.of(ProductRecord.class.getRecordComponents())
                .map(c -> c.getName())
                .toList();
        ProductRecord record = records().findFirst().orElseThrow();
        assertThat(PipelineJson.mapper().readTree(ProductJson.of(record)).propertyNames())
                .containsExactlyElementsOf(components);
    }

    private static ProductRecord product(
            String id, String title, Double price, String category, Instant at, Map<String, String> attributes) {
        return new ProductRecord(
                ProductRecord.CURRENT_VERSION,
                "run-20261123T120000Z-1a2b3c",
                "dummyjson",
                id,
                title,
                price,
                category,
                "http://127.0.0.1:40123/dummyjson/products?limit=100&skip=734500",
                at,
                attributes);
    }

    /** The record with {@code item} as the fetcher keeps it: read as a tree, written compact. */
    static ProductRecord withItem(ProductRecord record, String item) {
        return withItem(record, ItemJson.of(PipelineJson.mapper().readTree(item)));
    }

    static ProductRecord withItem(ProductRecord record, ItemJson item) {
        return new ProductRecord(
                record.version(),
                record.runId(),
                record.source(),
                record.externalId(),
                record.title(),
                record.price(),
                record.category(),
                record.endpoint(),
                record.fetchedAt(),
                record.attributes(),
                item);
    }

    private static Double price(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> (double) random.nextInt(100_000);
            case 1 -> random.nextInt(1_000_000) / 100.0;
            case 2 -> random.nextDouble() * Math.pow(10, random.nextInt(-10, 300));
            default -> Double.longBitsToDouble(random.nextLong() & Long.MAX_VALUE) % Double.MAX_VALUE;
        };
    }

    private static String text(Random random, int length) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            int codePoint = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(0x20, 0x7f);
                case 1 -> random.nextInt(0x20);
                case 2 -> random.nextInt(0xa0, 0xd800);
                default -> random.nextInt(0x10000, 0x110000);
            };
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }
}
