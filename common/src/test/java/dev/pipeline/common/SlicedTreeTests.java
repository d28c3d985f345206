package dev.pipeline.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.io.NumberOutput;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A page read by {@link SlicedTree} is the mapper's tree, and an object copied from the page is the
 * bytes {@link ItemJson#of} writes for its tree: compared with the mapper's own output for every object
 * of varied and generated documents, compact and not.
 */
class SlicedTreeTests {

    private static final String VARIED =
            "{\"id\":7,\"title\":\"Lamp \\\"Lux\\\" \\u00e9\\u2603 \\ud83d\\ude00\\n\\t\\u0001\","
                    + "\"price\":12.5,\"tiny\":1.0E-7,\"big\":1.7976931348623157E308,\"neg\":-0.0,\"long\":9007199254740993,"
                    + "\"huge\":123456789012345678901234567890,\"int\":-3,\"yes\":true,\"no\":false,\"none\":null,"
                    + "\"nested\":{\"a\":[1,[2,{\"b\":[]}],{}],\"c\":{}},\"empty\":\"\",\"</script>\":\"&<>'\"}";

    @Test
    void readsTheMappersTreeAndEveryObjectWritesAsTheMapperWritesIt() {
        check(VARIED);
        check("[" + VARIED + "," + VARIED + "]");
        check("{\"products\":[" + VARIED + "],\"total\":1}");
    }

    @Test
    void copiesAnObjectWrittenCanonicallyFromThePage() {
        String item = "{\"id\":1,\"title\":\"Lämp 中文 ü\",\"price\":9.99,\"stock\":-12,\"big\":12345678901,"
                + "\"huge\":123456789012345678901234567890,\"ok\":true,\"no\":false,\"none\":null,"
                + "\"dimensions\":{\"width\":1.5,\"tags\":[\"a\",{\"b\":[]},[]]},\"url\":\"https://x.test/a/b?c=d\"}";
        String page = "{\"products\":[" + item + "," + item + "],\"total\":2}";
        JsonNode tree = check(page);
        for (JsonNode product : tree.get("products")) {
            assertThat(sliced(product)).isEqualTo(item);
            assertThat(sliced(product.get("dimensions"))).isEqualTo("{\"width\":1.5,\"tags\":[\"a\",{\"b\":[]},[]]}");
            assertThat(sliced(product.get("dimensions").get("tags").get(1))).isEqualTo("{\"b\":[]}");
        }
        assertThat(sliced(tree)).isEqualTo(page);
    }

    @Test
    void writesAnObjectWhoseTextIsNotCanonical() {
        List<String> notCanonical = List.of(
                "{\"a\": 1}",
                "{ \"a\":1}",
                "{\"a\":1 }",
                "{\"a\":1,\n\"b\":2}",
                "{\"a\":[1, 2]}",
                "{\"a\":\"\\/\"}",
                "{\"a\":\"\\u0041\"}",
                "{\"a\":\"\\\"\"}",
                "{\"a\":\"\\n\"}",
                "{\"a\":\"😀\"}",
                "{\"a\":\"\\ud83d\\ude00\"}",
                "{\"a\":1.50}",
                "{\"a\":12e0}",
                "{\"a\":1E2}",
                "{\"a\":10000000.0}",
                "{\"a\":-0}",
                "{\"a\":1e999}",
                "{\"\\u0061\":1}",
                "{\"a\":{\"b\": 1}}");
        for (String text : notCanonical) {
            JsonNode tree = check(text);
            assertThat(sliced(tree)).as(text).isNull();
        }
        JsonNode outer = check("{\"a\":{\"b\":1}, \"c\":2}");
        assertThat(sliced(outer)).isNull();
        assertThat(sliced(outer.get("a"))).isEqualTo("{\"b\":1}");
    }

    @Test
    void everyCharacterOfTheBasicPlaneRawInAStringWritesAsTheMapperWritesIt() {
        StringBuilder page = new StringBuilder("[");
        for (int c = 0x20; c < 0x10000; c++) {
            if (c == '"' || c == '\\' || Character.isSurrogate((char) c)) {
                continue;
            }
            page.append(page.length() > 1 ? "," : "")
                    .append("{\"k\":\"x")
                    .append((char) c)
                    .append("y\"}");
        }
        page.append(",{\"k\":\"\\u0000\\u001f\\u007f\"}]");
        JsonNode tree = check(page.toString());
        int copied = 0;
        for (JsonNode item : tree) {
            copied += sliced(item) != null ? 1 : 0;
        }
        assertThat(copied).isEqualTo(tree.size() - 1);
    }

    @Test
    void namesRepeatedAcrossItemsRawEscapedAndManyAreMeasuredEach() {
        StringBuilder page = new StringBuilder("[");
        for (int item = 0; item < 50; item++) {
            page.append(item > 0 ? "," : "").append('{');
            for (int field = 0; field < 200; field++) {
                String name = (field + item) % 7 == 0 ? "\\u0066" + field : "f" + field;
                String value = item % 5 == 0 && field == 3 ? "\"\\n\"" : "\"v\"";
                page.append(field > 0 ? "," : "")
                        .append('"')
                        .append(name)
                        .append("\":")
                        .append(value);
            }
            page.append('}');
        }
        JsonNode tree = check(page.append(']').toString());
        int copied = 0;
        for (JsonNode item : tree) {
            copied += sliced(item) != null ? 1 : 0;
        }
        assertThat(copied).isZero(); // every item has a name written with an escape
        check("[{\"a\":1,\"b\":2},{\"\\u0061\":1,\"b\":2},{\"a\":1,\"b\":2}]");
        JsonNode mixed = SlicedTree.read(
                "[{\"a\":1,\"b\":2},{\"\\u0061\":1,\"b\":2},{\"a\":1,\"b\":2}]".getBytes(StandardCharsets.UTF_8));
        assertThat(sliced(mixed.get(0))).isEqualTo("{\"a\":1,\"b\":2}");
        assertThat(sliced(mixed.get(1))).isNull();
        assertThat(sliced(mixed.get(2))).isEqualTo("{\"a\":1,\"b\":2}");
    }

    @Test
    void generatedDocumentsCompactAndIndented() {
        Random random = new Random(16);
        for (int i = 0; i < 300; i++) {
            ObjectNode tree = object(random, 3);
            check(PipelineJson.mapper().writeValueAsString(tree));
            check(PipelineJson.mapper()
                    .writer()
                    .with(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(tree));
        }
    }

    @Test
    void aDocumentInAnotherEncodingOrWithAByteOrderMarkReadsTheSame() {
        String page = "{\"products\":[{\"id\":1,\"title\":\"é\"}]}";
        // all ASCII, so every string and decimal is measured from its offsets, which the mark shifts
        String ascii = "{\"products\":[{\"id\":1,\"title\":\"plain\",\"price\":12.5},{\"t\":\"x\"}]}";
        for (byte[] bytes : List.of(
                concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, page.getBytes(StandardCharsets.UTF_8)),
                concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, ascii.getBytes(StandardCharsets.UTF_8)),
                ascii.getBytes(StandardCharsets.UTF_16BE),
                page.getBytes(StandardCharsets.UTF_16BE),
                page.getBytes(StandardCharsets.UTF_16LE))) {
            check(bytes);
        }
    }

    @Test
    void whatItIsNotSureOfTheMapperReadsOrRefuses() {
        for (String text : List.of("{\"a\":1,\"a\":{\"b\":2}}", "7", "\"text\"", "null", "", "  ")) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            assertThat(SlicedTree.read(bytes))
                    .as(text)
                    .isEqualTo(PipelineJson.mapper().readTree(bytes));
        }
        for (String text : List.of("{\"a\":}", "{\"a\":1}{}", "[1,]", "{\"a\":1", "{\"a\":01}", "{\"a\":\"\u0001\"}")) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> PipelineJson.mapper().readTree(bytes)).isInstanceOf(JacksonException.class);
            String expected = message(() -> PipelineJson.mapper().readTree(bytes));
            assertThat(message(() -> SlicedTree.read(bytes))).as(text).isEqualTo(expected);
        }
        String deep = "[".repeat(300) + "{\"a\":1}" + "]".repeat(300);
        check(deep);
    }

    @Test
    void aDecimalIsTakenAsCanonicalWithoutFormattingOnlyWhenFormattingWouldAgree() {
        for (String text : List.of(
                "0.001",
                "-0.001",
                "0.01",
                "0.1",
                "0.3",
                "0.7",
                "1.0",
                "-1.0",
                "9.99",
                "100.0",
                "1234567.0",
                "9999999.0",
                "9999999.99999999",
                "1000000.5",
                "0.00999999999999999",
                "0.123456789012345",
                "123456.789012345",
                "4.35",
                "129.99",
                "2.5")) {
            assertThat(SlicedTree.plainDecimalLength(text.toCharArray(), 0, text.length()))
                    .as(text)
                    .isEqualTo(text.length());
            assertThat(NumberOutput.toString(Double.parseDouble(text), false)).isEqualTo(text);
        }
        for (String text : List.of(
                "0.0",
                "-0.0",
                "0.0001",
                "0.000999",
                "10000000.0",
                "1.10",
                "0.50",
                "100.00",
                "01.5",
                "1.2345678901234567",
                "0.1234567890123456",
                "1e5",
                "1.5E3",
                "1.",
                ".5",
                "-",
                "1.0e1",
                "12345678.5")) {
            assertThat(SlicedTree.plainDecimalLength(text.toCharArray(), 0, text.length()))
                    .as(text)
                    .isEqualTo(-1);
        }
        Random random = new Random(1616);
        int accepted = 0;
        for (int i = 0; i < 2_000_000; i++) {
            String text = decimalText(random);
            char[] chars = ("x" + text + "y").toCharArray();
            if (SlicedTree.plainDecimalLength(chars, 1, text.length()) != -1) {
                accepted++;
                assertThat(NumberOutput.toString(Double.parseDouble(text), false))
                        .as(text)
                        .isEqualTo(text);
            }
        }
        assertThat(accepted).isGreaterThan(200_000);
        // What the writer prints, with 15 digits or fewer in the plain range, is recognised without formatting.
        for (int i = 0; i < 1_000_000; i++) {
            double value = switch (i % 3) {
                case 0 -> random.nextInt(0, 100_000_000) / 100.0;
                case 1 ->
                    Double.parseDouble(
                            String.format("%.14e", random.nextDouble() * Math.pow(10, random.nextInt(-3, 7))));
                default -> random.nextDouble() * Math.pow(10, random.nextInt(-4, 8));
            };
            String written = NumberOutput.toString(value, false);
            String digits = written.replace("-", "").replace(".", "").replaceFirst("^0+", "");
            boolean plainRange = Math.abs(value) >= 1e-3 && Math.abs(value) < 1e7;
            int judged = SlicedTree.plainDecimalLength(written.toCharArray(), 0, written.length());
            if (plainRange && digits.length() <= 15) {
                assertThat(judged).as(written).isEqualTo(written.length());
            } else if (judged != -1) {
                assertThat(written).isEqualTo(NumberOutput.toString(Double.parseDouble(written), false));
            }
        }
    }

    @Test
    void itemsOfGeneratedDecimalsReadAndCopyAsTheMapperWritesThem() {
        Random random = new Random(160);
        for (int page = 0; page < 200; page++) {
            StringBuilder text = new StringBuilder("{\"products\":[");
            for (int item = 0; item < 100; item++) {
                text.append(item > 0 ? "," : "")
                        .append("{\"id\":")
                        .append(item)
                        .append(",\"price\":")
                        .append(decimalText(random))
                        .append(",\"dimensions\":{\"width\":")
                        .append(decimalText(random))
                        .append(",\"height\":")
                        .append(NumberOutput.toString(random.nextInt(100, 10_001) / 100.0, false))
                        .append("}}");
            }
            check(text.append("],\"total\":100}").toString());
        }
    }

    /**
     * A JSON decimal of every form near the plain range: up to 9 integer digits or {@code 0}, up to 18
     * fraction digits with leading and trailing zeros, some with an exponent, either sign.
     */
    private static String decimalText(Random random) {
        StringBuilder text = new StringBuilder(random.nextInt(5) == 0 ? "-" : "");
        int integerDigits = random.nextInt(10);
        if (integerDigits == 0) {
            text.append('0');
        } else {
            text.append((char) ('1' + random.nextInt(9)));
            for (int i = 1; i < integerDigits; i++) {
                text.append((char) ('0' + random.nextInt(10)));
            }
        }
        text.append('.');
        text.append("0".repeat(random.nextInt(4) == 0 ? random.nextInt(5) : 0));
        int fractionDigits = 1 + random.nextInt(random.nextBoolean() ? 4 : 18);
        for (int i = 0; i < fractionDigits; i++) {
            text.append((char) ('0' + random.nextInt(10)));
        }
        text.append("0".repeat(random.nextInt(6) == 0 ? random.nextInt(3) : 0));
        if (random.nextInt(20) == 0) {
            text.append(random.nextBoolean() ? "e" : "E-").append(random.nextInt(4));
        }
        return text.toString();
    }

    private static String message(Runnable reading) {
        try {
            reading.run();
            return "read";
        } catch (JacksonException e) {
            return e.getClass().getName() + ": " + e.getOriginalMessage();
        }
    }

    private static JsonNode check(String text) {
        return check(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The tree is the mapper's, node kinds included, and each object's item bytes are the mapper's. */
    private static JsonNode check(byte[] bytes) {
        JsonNode expected = PipelineJson.mapper().readTree(bytes);
        JsonNode tree = SlicedTree.read(bytes);
        sameTree(tree, expected);
        for (JsonNode object : objects(tree, new ArrayList<>())) {
            assertThat(new String(ItemJson.of(object).utf8(), StandardCharsets.UTF_8))
                    .as(() -> object.toString())
                    .isEqualTo(PipelineJson.mapper().writeValueAsString(object));
        }
        return tree;
    }

    private static void sameTree(JsonNode actual, JsonNode expected) {
        assertThat(actual).isEqualTo(expected);
        if (expected.isObject()) {
            assertThat(actual.isObject()).isTrue();
            for (Map.Entry<String, JsonNode> field : expected.properties()) {
                sameTree(actual.get(field.getKey()), field.getValue());
            }
        } else if (expected.isArray()) {
            assertThat(actual).isInstanceOf(ArrayNode.class);
            for (int i = 0; i < expected.size(); i++) {
                sameTree(actual.get(i), expected.get(i));
            }
        } else {
            assertThat(actual.getClass()).isEqualTo(expected.getClass());
        }
    }

    private static List<JsonNode> objects(JsonNode node, List<JsonNode> found) {
        if (node.isObject()) {
            found.add(node);
        }
        for (JsonNode child : node.values()) {
            objects(child, found);
        }
        return found;
    }

    /** The object's text as copied from its page, or null when it is written instead. */
    private static String sliced(JsonNode node) {
        if (!(node instanceof SlicedObjectNode sliced)) {
            return null;
        }
        byte[] bytes = sliced.canonicalBytes();
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static ObjectNode object(Random random, int depth) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        int fields = random.nextInt(6);
        for (int i = 0; i < fields; i++) {
            String name = text(random);
            switch (random.nextInt(depth > 0 ? 10 : 8)) {
                case 0 -> node.put(name, text(random));
                case 1 -> node.put(name, random.nextInt());
                case 2 -> node.put(name, random.nextLong());
                case 3 -> node.put(name, random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
                case 4 -> node.put(name, (double) random.nextFloat());
                case 5 -> node.put(name, random.nextBoolean());
                case 6 -> node.putNull(name);
                case 7 -> node.put(name, new BigInteger(100, random));
                case 8 -> node.set(name, object(random, depth - 1));
                default ->
                    node.putArray(name)
                            .add(object(random, depth - 1))
                            .add(text(random))
                            .add(random.nextInt());
            }
        }
        return node;
    }

    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            text.append((char) (random.nextBoolean() ? 'a' + random.nextInt(26) : random.nextInt(0x3000)));
        }
        return text.toString();
    }
}
