package dev.pipeline.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.core.util.ByteArrayBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** An item is written node by node: the same bytes as the mapper writes for the tree, whatever it holds. */
class ItemJsonTests {

    private static final String VARIED =
            "{\"id\":7,\"title\":\"Lamp \\\"Lux\\\" \\u00e9\\u2603 \\ud83d\\ude00\\n\\t\\u0001\","
                    + "\"price\":12.5,\"tiny\":1.0E-7,\"big\":1.7976931348623157E308,\"neg\":-0.0,\"long\":9007199254740993,"
                    + "\"huge\":123456789012345678901234567890,\"int\":-3,\"yes\":true,\"no\":false,\"none\":null,"
                    + "\"nested\":{\"a\":[1,[2,{\"b\":[]}],{}],\"c\":{}},\"empty\":\"\",\"</script>\":\"&<>'\"}";

    @Test
    void writesWhatTheMapperWritesForTheTree() {
        JsonNode tree = PipelineJson.mapper().readTree(VARIED);
        assertThat(ItemJson.of(tree).utf8()).isEqualTo(PipelineJson.mapper().writeValueAsBytes(tree));
    }

    @Test
    void writesWhatTheMapperWritesForGeneratedTrees() {
        Random random = new Random(18);
        for (int i = 0; i < 500; i++) {
            ObjectNode tree = object(random, 3);
            assertThat(ItemJson.of(tree).utf8())
                    .as(tree.toString())
                    .isEqualTo(PipelineJson.mapper().writeValueAsBytes(tree));
        }
    }

    @Test
    void aNodeTheWalkDoesNotKnowIsWrittenByTheMapper() {
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        tree.put("decimal", new BigDecimal("1.50"));
        tree.putPOJO("pojo", java.util.List.of(1, 2));
        tree.put("after", "x");
        assertThat(ItemJson.of(tree).utf8()).isEqualTo(PipelineJson.mapper().writeValueAsBytes(tree));
    }

    /**
     * An item copied from its page is a range of the page's bytes: every view of it (its bytes, size,
     * text, equality, hash, what a writer appends) is that of the same bytes held alone, and the
     * page's bytes around it never leak into it.
     */
    @Test
    void anItemCopiedFromItsPageIsItsBytesAndNothingAroundThem() {
        String item =
                "{\"id\":1,\"title\":\"L\u00e4mp \u4e2d\",\"price\":9.99,\"tags\":[\"a\",{\"b\":[]}],\"none\":null}";
        byte[] page =
                ("{\"products\":[{\"first\":true}," + item + ",{}],\"total\":3}").getBytes(StandardCharsets.UTF_8);
        JsonNode tree = SlicedTree.read(page);
        JsonNode product = tree.get("products").get(1);
        assertThat(product)
                .isInstanceOfSatisfying(
                        SlicedObjectNode.class,
                        sliced -> assertThat(sliced.isCanonical())
                                .as("copied from the page, not written")
                                .isTrue());
        byte[] expected = item.getBytes(StandardCharsets.UTF_8);
        ItemJson sliced = ItemJson.of(product);
        ItemJson alone = ItemJson.ofWritten(expected.clone());
        assertThat(sliced.utf8())
                .isEqualTo(expected)
                .isEqualTo(PipelineJson.mapper().writeValueAsBytes(product));
        assertThat(sliced.size()).isEqualTo(expected.length);
        assertThat(sliced.toString()).isEqualTo(item);
        assertThat(sliced.tree())
                .as("the item's tree, not its page's")
                .isEqualTo(PipelineJson.mapper().readTree(item));
        assertThat(sliced).isEqualTo(alone).hasSameHashCodeAs(alone);
        assertThat(alone).isEqualTo(sliced);
        assertThat(sliced).isNotEqualTo(ItemJson.of(tree.get("products").get(0)));
        assertThat(sliced.hashCode()).isEqualTo(Arrays.hashCode(expected));
        try (ByteArrayBuilder out = new ByteArrayBuilder()) {
            out.write('[');
            sliced.writeTo(out);
            out.write(']');
            assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8)).isEqualTo("[" + item + "]");
        }
        assertThat(PipelineJson.mapper().writeValueAsString(sliced)).isEqualTo(item);
        assertThat(PipelineJson.mapper().readValue(PipelineJson.mapper().writeValueAsBytes(sliced), ItemJson.class))
                .isEqualTo(sliced);
    }

    @Test
    void onlyAnObjectIsAnItem() {
        assertThatThrownBy(() -> ItemJson.of(PipelineJson.mapper().readTree("[1]")))
                .isInstanceOf(IllegalArgumentException.class);
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
                case 4 -> node.put(name, random.nextFloat());
                case 5 -> node.put(name, random.nextBoolean());
                case 6 -> node.putNull(name);
                case 7 -> node.put(name, new java.math.BigInteger(100, random));
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
