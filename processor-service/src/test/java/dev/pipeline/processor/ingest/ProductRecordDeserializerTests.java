package dev.pipeline.processor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.ItemJson;
import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.Topics;
import dev.pipeline.processor.JsonSkip;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;

/**
 * The fast reader gives what Spring's JSON deserializer (the canonical reading, configured as the
 * processor configures it) gives, for every input: the same record, or the same failure. The
 * processor keeps no record's item: the canonical reading is the record it reads less its item.
 */
class ProductRecordDeserializerTests {

    private static final Map<String, Object> CONFIG = Map.of(
            "spring.json.value.default.type", ProductRecord.class.getName(),
            "spring.json.use.type.headers", "false",
            "spring.json.trusted.packages", "dev.pipeline.common");

    private final JacksonJsonDeserializer<ProductRecord> canonical = configured(new JacksonJsonDeserializer<>());
    private final ProductRecordDeserializer fast = configured(new ProductRecordDeserializer());

    @Test
    void generatedRecordsAreReadFastAndAsTheCanonicalReadsThem() {
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < 20_000; i++) {
            ProductRecord product = product(random, i);
            byte[] json = PipelineJson.mapper().writeValueAsBytes(product);
            assertThat(ProductRecordDeserializer.fast(json))
                    .as("read fast: %s", product)
                    .isNotNull();
            assertThat(fast.deserialize(Topics.PRODUCTS, new RecordHeaders(), json))
                    .isEqualTo(canonical(json))
                    .isEqualTo(product.withoutItem());
        }
    }

    @Test
    void variantsOfARecordAreReadOrRefusedAsTheCanonicalReadsOrRefusesThem() {
        String runId = "\"runId\":\"run-20261128T100331Z-9f3b7b\"";
        String rest = "\"source\":\"dummyjson\",\"externalId\":\"17\",\"title\":\"Lamp \\\"x\\\" \\u00e9\"";
        List<String> inputs = new ArrayList<>(List.of(
                "{\"version\":1," + runId + "," + rest + "}",
                "{" + rest + "," + runId + ",\"version\":1}",
                " { \"version\" : 1 , " + runId + " , " + rest + " } ",
                "{\"version\":1," + runId + "," + rest + ",\"extra\":{\"a\":[1,{\"b\":null}]},\"more\":[1,2]}",
                "{\"version\":1," + runId + "," + rest + ",\"key\":\"x\"}",
                "{\"version\":\"1\"," + runId + "," + rest + "}",
                "{\"version\":1.0," + runId + "," + rest + "}",
                "{\"version\":1.5," + runId + "," + rest + "}",
                "{\"version\":99999999999," + runId + "," + rest + "}",
                "{\"version\":null," + runId + "," + rest + "}",
                "{\"version\":true," + runId + "," + rest + "}",
                "{" + runId + "," + rest + "}",
                "{\"version\":1," + rest + "}",
                "{\"version\":1,\"runId\":null," + rest + "}",
                "{\"version\":1,\"runId\":42," + rest + "}",
                "{\"version\":1," + runId + "," + rest + ",\"title\":\"second\"}",
                "{\"version\":1," + runId + "," + runId + "," + rest + "}",
                "{\"version\":1," + runId + ",\"source\":\"s\",\"externalId\":17}",
                "{\"version\":1," + runId + ",\"source\":\"s\",\"externalId\":\"17\",\"title\":null}",
                "{\"version\":1," + runId + ",\"source\":\"s\",\"externalId\":\"17\",\"title\":12}",
                "{\"version\":1," + runId + ",\"source\":\"s\",\"externalId\":\"17\",\"title\":[\"a\"]}",
                "{\"version\":1," + runId + ",\"source\":\"s\",\"externalId\":\"17\",\"category\":\"  \"}",
                "{\"version\":1," + runId + ",\"source\":\"s\",\"externalId\":\"17\",\"category\":null}",
                "{\"version\":1," + runId + ",\"source\":\"s\",\"externalId\":\"17\",\"endpoint\":false}",
                "{\"version\":1," + runId + "," + rest + "} x",
                "{\"version\":1," + runId + "," + rest + "}{}",
                "{\"version\":1," + runId + "," + rest,
                "{\"version\":1," + runId + "," + rest + ",}",
                "[{\"version\":1," + runId + "," + rest + "}]",
                "{}",
                "null",
                "\"text\"",
                "",
                "not json",
                "{\"version\":1,\"runId\":\"\\ud800\"," + rest + "}"));
        for (String price : List.of(
                "12.5",
                "12",
                "0",
                "-0.0",
                "1e3",
                "1E-300",
                "1e400",
                "-3",
                "12345678901234567890123",
                "\"12.5\"",
                "\"\"",
                "null",
                "true",
                "[1]",
                "{}",
                "NaN",
                "0.1000000000000000055511151231257827")) {
            inputs.add("{\"version\":1," + runId + "," + rest + ",\"price\":" + price + "}");
        }
        for (String fetchedAt : List.of(
                "\"2026-11-28T10:03:31Z\"",
                "\"2026-11-28T10:03:31.1Z\"",
                "\"2026-11-28T10:03:31.123Z\"",
                "\"2026-11-28T10:03:31.123456789Z\"",
                "\"2026-11-28T10:03:31.1234567891Z\"",
                "\"2026-11-28T10:03:31.Z\"",
                "\"2026-11-28T10:03:31z\"",
                "\"2026-11-28T10:03:31+00:00\"",
                "\"2026-11-28T10:03:31+01:00\"",
                "\"2026-11-28T10:03Z\"",
                "\"2026-11-28 10:03:31Z\"",
                "\"2024-02-29T00:00:00Z\"",
                "\"2026-02-29T00:00:00Z\"",
                "\"2026-13-01T00:00:00Z\"",
                "\"2026-11-28T24:00:00Z\"",
                "\"2026-11-28T23:59:60Z\"",
                "\"2026-11-28T10:60:00Z\"",
                "\"0000-01-01T00:00:00Z\"",
                "\"9999-12-31T23:59:59.999999999Z\"",
                "\"+10000-01-01T00:00:00Z\"",
                "\"-0001-01-01T00:00:00Z\"",
                "\" 2026-11-28T10:03:31Z\"",
                "\"1700000000\"",
                "\"1700000000.5\"",
                "1700000000",
                "1700000000.123",
                "\"\"",
                "null",
                "{}")) {
            inputs.add("{\"version\":1," + runId + "," + rest + ",\"fetchedAt\":" + fetchedAt + "}");
        }
        for (String attributes : List.of(
                "{}",
                "{\"b\":\"2\",\"a\":\"1\"}",
                "{\"a\":\"1\",\"a\":\"2\"}",
                "{\"a\":1}",
                "{\"a\":null}",
                "{\"a\":{\"b\":\"c\"}}",
                "[]",
                "\"a\"",
                "null")) {
            inputs.add("{\"version\":1," + runId + "," + rest + ",\"attributes\":" + attributes + "}");
        }
        for (String item : List.of(
                "{}",
                "{\"id\":17,\"title\":\"Lamp\",\"dimensions\":{\"w\":[1,2.5,{\"x\":null}]},\"s\":\"\\u00e9 }\"}",
                "null",
                "\"{}\"",
                "[]",
                "[{}]",
                "17",
                "true",
                "{\"a\":}",
                "{\"a\":1")) {
            inputs.add("{\"version\":1," + runId + "," + rest + ",\"item\":" + item + "}");
            inputs.add("{\"item\":" + item + ",\"version\":1," + runId + "," + rest + "}");
        }
        inputs.add("{\"version\":1," + runId + "," + rest + ",\"item\":{},\"item\":{\"a\":1}}");
        for (String input : inputs) {
            byte[] json = input.getBytes(StandardCharsets.UTF_8);
            assertThat(outcome(() -> fast.deserialize(Topics.PRODUCTS, new RecordHeaders(), json)))
                    .as(input)
                    .isEqualTo(outcome(() -> canonical(json)));
        }
        assertThat(fast.deserialize(Topics.PRODUCTS, new RecordHeaders(), (byte[]) null))
                .isNull();
    }

    @Test
    void anItemThatEndsTheRecordIsSteppedOverAsBytes() {
        SplittableRandom random = new SplittableRandom(19);
        int steppedOver = 0;
        for (int i = 0; i < 3_000; i++) {
            ProductRecord product = product(random, i);
            byte[] json = PipelineJson.mapper().writeValueAsBytes(product);
            String text = new String(json, StandardCharsets.UTF_8);
            int item = text.lastIndexOf(",\"item\":{");
            if (product.item() != null) {
                int start = text.substring(0, item).getBytes(StandardCharsets.UTF_8).length + 8;
                assertThat(JsonSkip.endsRecord(json, start)).as(text).isTrue();
                steppedOver++;
            }
        }
        assertThat(steppedOver).isGreaterThan(1_000);
    }

    /** Records whose item is damaged byte by byte: the fast reader reads or refuses each as the canonical. */
    @Test
    void damagedItemsAreReadOrRefusedAsTheCanonicalReadsOrRefusesThem() {
        SplittableRandom random = new SplittableRandom(20);
        byte[] alphabet = "{}[]\":,\\ \n0123456789-.etrufalsn\u0001".getBytes(StandardCharsets.UTF_8);
        String head = "{\"version\":1,\"runId\":\"run-1\",\"source\":\"s\",\"externalId\":\"17\",\"item\":";
        byte[] invalidUtf8 = {(byte) 0xC3, (byte) 0x80, (byte) 0xE4, (byte) 0xB8, (byte) 0xED, (byte) 0xA0, (byte) 0xFF
        };
        for (int i = 0; i < 5_000; i++) {
            byte[] item = ("{\"id\":" + i + ",\"t\":" + PipelineJson.mapper().writeValueAsString(text(random))
                            + ",\"n\":{\"a\":[1,2.5,null,true]}}")
                    .getBytes(StandardCharsets.UTF_8);
            for (int edits = random.nextInt(3); edits > 0; edits--) {
                int at = 1 + random.nextInt(item.length - 1);
                item[at] = random.nextInt(4) == 0
                        ? invalidUtf8[random.nextInt(invalidUtf8.length)]
                        : alphabet[random.nextInt(alphabet.length)];
            }
            String tail = random.nextBoolean() ? "}" : " }\n";
            byte[] json = concat(head.getBytes(StandardCharsets.UTF_8), item, tail.getBytes(StandardCharsets.UTF_8));
            assertThat(outcome(() -> fast.deserialize(Topics.PRODUCTS, new RecordHeaders(), json)))
                    .as(new String(json, StandardCharsets.UTF_8))
                    .isEqualTo(outcome(() -> canonical(json)));
        }
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    @Test
    void instantsAreReadAsInstantParseReadsThem() {
        SplittableRandom random = new SplittableRandom(28);
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(
                    random.nextLong(-62_167_219_200L, 253_402_300_799L),
                    i % 2 == 0 ? 0 : random.nextInt(1_000_000_000));
            assertThat(ProductRecordDeserializer.instant(instant.toString())).isEqualTo(instant);
        }
    }

    private static ProductRecord product(SplittableRandom random, int i) {
        Map<String, String> attributes = new HashMap<>();
        for (int a = random.nextInt(4); a > 0; a--) {
            attributes.put("attr-" + random.nextInt(10), text(random));
        }
        return new ProductRecord(
                1,
                "run-20261128T100331Z-" + Integer.toHexString(0x100000 + random.nextInt(0xeffff)),
                i % 2 == 0 ? "dummyjson" : "reqres",
                Integer.toString(random.nextInt(1_000_000)),
                text(random),
                switch (i % 5) {
                    case 0 -> null;
                    case 1 -> (double) random.nextInt(10_000);
                    case 2 -> random.nextDouble() * 1e6;
                    default -> random.nextInt(1_000_000) / 100.0;
                },
                i % 7 == 0 ? null : text(random),
                i % 11 == 0 ? null : "https://dummyjson.com/products?skip=" + i,
                i % 13 == 0
                        ? null
                        : Instant.ofEpochSecond(
                                1_700_000_000L + random.nextInt(100_000_000), random.nextInt(3) * 1000L),
                attributes,
                i % 3 == 0
                        ? null
                        : ItemJson.of(PipelineJson.mapper()
                                .readTree("{\"id\":" + i + ",\"t\":"
                                        + PipelineJson.mapper().writeValueAsString(text(random))
                                        + ",\"n\":{\"a\":[1,2.5,null,true]}}")));
    }

    /** The canonical reading, less the item, which the processor does not keep. */
    private ProductRecord canonical(byte[] json) {
        ProductRecord read = canonical.deserialize(Topics.PRODUCTS, new RecordHeaders(), json);
        return read == null ? null : read.withoutItem();
    }

    private static String text(SplittableRandom random) {
        String alphabet = "abcXYZ 09é\"\\\n\t€😀/<>";
        StringBuilder text = new StringBuilder();
        for (int c = 1 + random.nextInt(40); c > 0; c--) {
            text.appendCodePoint(alphabet.codePoints()
                    .toArray()[random.nextInt((int) alphabet.codePoints().count())]);
        }
        return text.toString();
    }

    private static Object outcome(java.util.function.Supplier<ProductRecord> read) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            List<String> causes = new ArrayList<>();
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                causes.add(cause.getClass().getName() + ": " + cause.getMessage());
            }
            return causes;
        }
    }

    private static <T extends org.apache.kafka.common.serialization.Deserializer<ProductRecord>> T configured(
            T deserializer) {
        deserializer.configure(CONFIG, false);
        return deserializer;
    }
}
