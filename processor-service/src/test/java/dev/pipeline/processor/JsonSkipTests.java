package dev.pipeline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.PipelineJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The byte scanner finds where an object ends exactly where Jackson's parser does, and never accepts
 * what the parser refuses: checked on varied and generated objects, and on thousands of damaged ones.
 */
class JsonSkipTests {

    private static final List<String> VALID = List.of(
            "{}",
            "{\"a\":[]}",
            "{\"id\":7,\"title\":\"Lamp \\\"Lux\\\" \\u00e9\\u2603 \\ud83d\\ude00\\n\\t\\u0001\\/\\\\\\b\\f\\r\","
                    + "\"price\":12.5,\"tiny\":1.0E-7,\"e\":1e+5,\"E\":-2E-3,\"neg\":-0.0,\"zero\":0,\"long\":9007199254740993,"
                    + "\"huge\":123456789012345678901234567890,\"int\":-3,\"yes\":true,\"no\":false,\"none\":null,"
                    + "\"nested\":{\"a\":[1,[2,{\"b\":[]}],{}],\"c\":{}},\"empty\":\"\",\"</script>\":\"&<>'\"}",
            "{\"raw\":\"é中😀 }] \\\" {[\",\"é\":\"x\"}",
            " {\n\t\"a\" :\r\n [ 1 , { } , [ ] , \"b\" ] , \"c\" : null }");

    @Test
    void findsTheEndOfAnObjectWhereTheParserDoes() {
        for (String object : VALID) {
            for (String around : List.of("%s", "{\"item\":%s}", "{\"item\":%s  }\n", "[%s,1]")) {
                byte[] data = around.formatted(object).getBytes(StandardCharsets.UTF_8);
                int start = new String(data, StandardCharsets.UTF_8).indexOf('{', around.indexOf('%'));
                assertThat(JsonSkip.objectEnd(data, start)).as(object).isEqualTo(parserEnd(data, start));
            }
        }
    }

    @Test
    void generatedObjectsCompactAndIndented() {
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < 2_000; i++) {
            ObjectNode object = object(random, 3);
            for (byte[] data : List.of(
                    PipelineJson.mapper().writeValueAsBytes(object),
                    PipelineJson.mapper()
                            .writer()
                            .with(SerializationFeature.INDENT_OUTPUT)
                            .writeValueAsBytes(object))) {
                assertThat(JsonSkip.objectEnd(data, 0))
                        .as(object.toString())
                        .isEqualTo(data.length)
                        .isEqualTo(parserEnd(data, 0));
            }
        }
    }

    @Test
    void isNotSureOfWhatIsNotStrictJson() {
        List<byte[]> unsure = new java.util.ArrayList<>();
        for (String text : List.of(
                "{\"a\":}",
                "{\"a\":1",
                "{\"a\" 1}",
                "{a:1}",
                "{'a':1}",
                "{\"a\":1,}",
                "{\"a\":[1,]}",
                "{\"a\":[1 2]}",
                "{,}",
                "{\"a\":01}",
                "{\"a\":1.}",
                "{\"a\":.5}",
                "{\"a\":+1}",
                "{\"a\":1e}",
                "{\"a\":-}",
                "{\"a\":1x}",
                "{\"a\":NaN}",
                "{\"a\":tru}",
                "{\"a\":truex}",
                "{\"a\":\"\\x\"}",
                "{\"a\":\"\\u12\"}",
                "{\"a\":\"\\u12g4\"}",
                "{\"a\":\"\t\"}",
                "{\"a\":\"unterminated}",
                "{\"a\":1}".replace(":", ":\u000b"),
                "{\"a\":" + "1".repeat(JsonSkip.MAX_NUMBER + 1) + "}",
                "{\"" + "n".repeat(JsonSkip.MAX_NAME + 1) + "\":1}",
                "{\"a\":" + "[".repeat(JsonSkip.MAX_DEPTH) + "]".repeat(JsonSkip.MAX_DEPTH) + "}",
                "[1]",
                "")) {
            unsure.add(text.getBytes(StandardCharsets.UTF_8));
        }
        for (int[] bytes : new int[][] {
            {0x80},
            {0xC0, 0x80},
            {0xC1, 0xBF},
            {0xE0, 0x80, 0x80},
            {0xED, 0xA0, 0x80},
            {0xF5, 0x80, 0x80, 0x80},
            {0xF4, 0x90, 0x80, 0x80},
            {0xC3},
            {0xE4, 0xB8},
            {0xFF}
        }) {
            byte[] data = new byte[8 + bytes.length];
            byte[] head = "{\"a\":\"".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(head, 0, data, 0, head.length);
            for (int k = 0; k < bytes.length; k++) {
                data[head.length + k] = (byte) bytes[k];
            }
            data[data.length - 2] = '"';
            data[data.length - 1] = '}';
            unsure.add(data);
        }
        for (byte[] data : unsure) {
            assertThat(JsonSkip.objectEnd(data, 0))
                    .as(new String(data, StandardCharsets.UTF_8))
                    .isEqualTo(JsonSkip.NOT_SURE);
        }
        byte[] deepest = ("{\"a\":" + "[".repeat(JsonSkip.MAX_DEPTH - 1) + "]".repeat(JsonSkip.MAX_DEPTH - 1) + "}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(JsonSkip.objectEnd(deepest, 0)).isEqualTo(deepest.length);
    }

    /** Whatever it accepts of a damaged object, the parser accepts too, ending at the same byte. */
    @Test
    void acceptsNothingTheParserRefuses() {
        SplittableRandom random = new SplittableRandom(18);
        byte[] alphabet = "{}[]\":,\\/ \n\t0123456789-+.eEtrufalsn\u0001aé".getBytes(StandardCharsets.UTF_8);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] data = random.nextBoolean()
                    ? VALID.get(random.nextInt(VALID.size())).strip().getBytes(StandardCharsets.UTF_8)
                    : PipelineJson.mapper().writeValueAsBytes(object(random, 2));
            for (int edits = 1 + random.nextInt(3); edits > 0 && data.length > 1; edits--) {
                data = edit(random, data, alphabet);
            }
            int end = JsonSkip.objectEnd(data, 0);
            if (end != JsonSkip.NOT_SURE) {
                accepted++;
                assertThat(parserEnd(data, 0))
                        .as(new String(data, StandardCharsets.UTF_8))
                        .isEqualTo(end);
            }
        }
        assertThat(accepted).as("some damaged objects are still objects").isGreaterThan(100);
    }

    /**
     * Strings are stepped over eight bytes at a time while no byte in them could end a plain run: each
     * byte value at each place of a long string, at each alignment, is judged as the parser judges it,
     * and printable ASCII is always accepted.
     */
    @Test
    void everyByteAtEveryPlaceOfALongString() {
        for (int pad = 0; pad < 8; pad++) {
            for (int at = 0; at < 24; at++) {
                for (int b = 0; b < 256; b++) {
                    byte[] head = ("{\"k" + "x".repeat(pad) + "\":\"").getBytes(StandardCharsets.UTF_8);
                    byte[] data = new byte[head.length + 24 + 2];
                    System.arraycopy(head, 0, data, 0, head.length);
                    java.util.Arrays.fill(data, head.length, head.length + 24, (byte) 'a');
                    data[head.length + at] = (byte) b;
                    data[data.length - 2] = '"';
                    data[data.length - 1] = '}';
                    int end = JsonSkip.objectEnd(data, 0);
                    if (b >= 0x20 && b < 0x80 && b != '"' && b != '\\') {
                        assertThat(end).as("byte %d at %d, pad %d", b, at, pad).isEqualTo(data.length);
                    }
                    if (end != JsonSkip.NOT_SURE) {
                        assertThat(parserEnd(data, 0))
                                .as("byte %d at %d, pad %d", b, at, pad)
                                .isEqualTo(end);
                    }
                }
            }
        }
    }

    /** As {@link #acceptsNothingTheParserRefuses}, with long strings (which the scanner reads by the word). */
    @Test
    void acceptsNothingTheParserRefusesInLongStrings() {
        SplittableRandom random = new SplittableRandom(19);
        byte[] alphabet = "\"\\ \n\u0001aé😀}".getBytes(StandardCharsets.UTF_8);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            for (int f = random.nextInt(1, 4); f > 0; f--) {
                StringBuilder text = new StringBuilder();
                for (int length = random.nextInt(80); length > 0; length--) {
                    text.append(
                            random.nextInt(10) == 0
                                    ? (char) random.nextInt(0x20, 0x3000)
                                    : (char) random.nextInt(0x20, 0x7F));
                }
                node.put("f" + f, text.toString());
            }
            byte[] data = PipelineJson.mapper().writeValueAsBytes(node);
            for (int edits = random.nextInt(3); edits > 0 && data.length > 1; edits--) {
                data = edit(random, data, alphabet);
            }
            int end = JsonSkip.objectEnd(data, 0);
            if (end != JsonSkip.NOT_SURE) {
                accepted++;
                assertThat(parserEnd(data, 0))
                        .as(new String(data, StandardCharsets.UTF_8))
                        .isEqualTo(end);
            }
        }
        assertThat(accepted).isGreaterThan(5_000);
    }

    private static byte[] edit(SplittableRandom random, byte[] data, byte[] alphabet) {
        int at = 1 + random.nextInt(data.length - 1);
        byte b = alphabet[random.nextInt(alphabet.length)];
        return switch (random.nextInt(3)) {
            case 0 -> {
                byte[] changed = data.clone();
                changed[at] = b;
                yield changed;
            }
            case 1 -> {
                byte[] shorter = new byte[data.length - 1];
                System.arraycopy(data, 0, shorter, 0, at);
                System.arraycopy(data, at + 1, shorter, at, data.length - at - 1);
                yield shorter;
            }
            default -> {
                byte[] longer = new byte[data.length + 1];
                System.arraycopy(data, 0, longer, 0, at);
                longer[at] = b;
                System.arraycopy(data, at, longer, at + 1, data.length - at);
                yield longer;
            }
        };
    }

    /** Where the parser's {@code skipChildren} leaves the object at {@code start}, or NOT_SURE when it refuses it. */
    private static int parserEnd(byte[] data, int start) {
        try (JsonParser in =
                PipelineJson.mapper().createParser(java.util.Arrays.copyOfRange(data, start, data.length))) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                return JsonSkip.NOT_SURE;
            }
            in.skipChildren();
            return start + (int) in.currentLocation().getByteOffset();
        } catch (JacksonException refused) {
            return JsonSkip.NOT_SURE;
        }
    }

    private static ObjectNode object(SplittableRandom random, int depth) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        int fields = random.nextInt(6);
        for (int i = 0; i < fields; i++) {
            String name = text(random);
            switch (random.nextInt(depth > 0 ? 9 : 7)) {
                case 0 -> node.put(name, text(random));
                case 1 -> node.put(name, random.nextInt());
                case 2 -> node.put(name, random.nextLong());
                case 3 -> node.put(name, random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
                case 4 -> node.put(name, random.nextBoolean());
                case 5 -> node.putNull(name);
                case 6 -> node.put(name, new java.math.BigInteger(100, new java.util.Random(random.nextLong())));
                case 7 -> node.set(name, object(random, depth - 1));
                default ->
                    node.putArray(name)
                            .add(object(random, depth - 1))
                            .add(text(random))
                            .add(random.nextInt());
            }
        }
        return node;
    }

    private static String text(SplittableRandom random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            int c = random.nextInt(4) == 0 ? random.nextInt(0x20, 0x3000) : 'a' + random.nextInt(26);
            text.append((char) c);
            if (random.nextInt(40) == 0) {
                text.append("😀\"\\\n");
            }
        }
        return text.toString();
    }
}
