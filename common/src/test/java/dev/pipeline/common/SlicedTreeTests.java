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
        for (byte[] bytes : List.of(
                concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, page.getBytes(StandardCharsets.UTF_8)),
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
