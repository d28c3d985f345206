package dev.pipeline.common;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.BufferRecycler;
import tools.jackson.core.util.ByteArrayBuilder;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * An item as its source sent it (shaped by the source's {@code include}/{@code exclude}): the
 * compact UTF-8 JSON of one object, which {@link ProductRecord#item()} carries. Kept as bytes,
 * not as a tree, so a writer copies them into the record instead of walking a tree again, and
 * its size is known before it is sent. Equal when the bytes are.
 *
 * <p>An item copied from its page ({@link SlicedTree}) is a range of the page's bytes, not a copy
 * of them: the record's writer copies the range straight into the record, so the item's bytes are
 * not copied twice on their way (JFR of {@code ItemMapperBenchmark}, issue #16: the copy was 18 % of
 * the bytes the fetcher allocated per item). Such an item keeps its page reachable while it is; a
 * fetcher's records live only until they are written, within the page's own handling.
 */
@JsonSerialize(using = ItemJson.Writer.class)
@JsonDeserialize(using = ItemJson.Reader.class)
public final class ItemJson {

    /**
     * Generators without a serialization context, their buffers recycled per thread: the mapper's
     * {@code writeValueAsBytes} made a context per item and took its buffers from a pool the fetch
     * threads share, and with the tree's own serializer that was 12 % of the fetcher's CPU at 100k
     * products (JFR, issue #18: the whole item cost the fetcher a third more per product).
     */
    private static final TokenStreamFactory WRITERS = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.threadLocalPool())
            .build();

    /** The bytes {@code utf8[offset, offset + size)} are the item's JSON; the rest of the array is not. */
    private final byte[] utf8;

    private final int offset;
    private final int size;

    private ItemJson(byte[] utf8) {
        this(utf8, 0, utf8.length);
    }

    private ItemJson(byte[] utf8, int offset, int size) {
        this.utf8 = utf8;
        this.offset = offset;
        this.size = size;
    }

    /**
     * The object as {@link PipelineJson#mapper()} writes it (compact), the same bytes: written
     * node by node, a tree holding a node the walk does not know (a decimal kept as
     * {@code BigDecimal}, a binary or POJO node, which the fetcher's parser never makes) by the mapper.
     * An object read by {@link SlicedTree} whose text in its page already is those bytes is that
     * range of the page, not a copy (the item then keeps its page alive as long as it lives).
     */
    public static ItemJson of(JsonNode object) {
        if (!object.isObject()) {
            throw new IllegalArgumentException("an item is a JSON object, not " + object.getNodeType());
        }
        if (object instanceof SlicedObjectNode sliced && sliced.isCanonical()) {
            return new ItemJson(sliced.document(), sliced.start(), sliced.end() - sliced.start());
        }
        BufferRecycler recycler = WRITERS._getBufferRecycler();
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(recycler)) {
            try (JsonGenerator json = WRITERS.createGenerator(ObjectWriteContext.empty(), bytes, JsonEncoding.UTF8)) {
                if (!write(json, object)) {
                    return new ItemJson(PipelineJson.mapper().writeValueAsBytes(object));
                }
            }
            return new ItemJson(bytes.getClearAndRelease());
        } finally {
            recycler.releaseToPool();
        }
    }

    /** Writes the node as the mapper would; false, with the output left unfinished, for a node it does not know. */
    private static boolean write(JsonGenerator json, JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                json.writeStartObject();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    json.writeName(field.getKey());
                    if (!write(json, field.getValue())) {
                        return false;
                    }
                }
                json.writeEndObject();
            }
            case ARRAY -> {
                json.writeStartArray();
                for (JsonNode element : node.values()) {
                    if (!write(json, element)) {
                        return false;
                    }
                }
                json.writeEndArray();
            }
            case STRING -> json.writeString(node.stringValue());
            case BOOLEAN -> json.writeBoolean(node.booleanValue());
            case NULL -> json.writeNull();
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> json.writeNumber(node.intValue());
                    case LONG -> json.writeNumber(node.longValue());
                    case BIG_INTEGER -> json.writeNumber(node.bigIntegerValue());
                    case DOUBLE -> json.writeNumber(node.doubleValue());
                    case FLOAT -> json.writeNumber(node.floatValue());
                    default -> {
                        return false;
                    }
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** @param utf8 the JSON text of one object, as a JSON writer made it (taken as it is, not copied) */
    public static ItemJson ofWritten(byte[] utf8) {
        return new ItemJson(utf8);
    }

    /** Its size in bytes, what a source's cap is compared with. */
    public int size() {
        return size;
    }

    /** Its bytes, which the caller must not change; a copy when the item is a range of its page's bytes. */
    public byte[] utf8() {
        return offset == 0 && size == utf8.length ? utf8 : Arrays.copyOfRange(utf8, offset, offset + size);
    }

    /** Appends its bytes to {@code out} as they are, without a copy of their own on the way. */
    public void writeTo(ByteArrayBuilder out) {
        out.write(utf8, offset, size);
    }

    /** As a tree, for a reader that wants its fields. */
    public JsonNode tree() {
        return PipelineJson.mapper().readTree(utf8, offset, size); // a range of its page: the item's bytes only
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ItemJson item
                && Arrays.equals(utf8, offset, offset + size, item.utf8, item.offset, item.offset + item.size);
    }

    /** As {@code Arrays.hashCode} of its bytes. */
    @Override
    public int hashCode() {
        int hash = 1;
        for (int i = offset, end = offset + size; i < end; i++) {
            hash = 31 * hash + utf8[i];
        }
        return hash;
    }

    @Override
    public String toString() {
        return new String(utf8, offset, size, StandardCharsets.UTF_8);
    }

    /**
     * Writes the bytes as the value, unchanged; into a generator without text output (a tree or
     * token buffer being made, as by {@code valueToTree}), which cannot hold raw JSON, as the tree they are.
     */
    static final class Writer extends ValueSerializer<ItemJson> {
        @Override
        public void serialize(ItemJson value, JsonGenerator out, SerializationContext context) {
            if (out.streamWriteOutputTarget() == null) {
                out.writeTree(value.tree());
            } else {
                out.writeRawValue(value.toString());
            }
        }
    }

    /** Reads an object (anything else is refused, as a record that does not match its schema) and writes it compact. */
    static final class Reader extends ValueDeserializer<ItemJson> {
        @Override
        public ItemJson deserialize(JsonParser in, DeserializationContext context) {
            if (in.currentToken() != JsonToken.START_OBJECT) {
                return context.reportInputMismatch(
                        ItemJson.class, "item must be a JSON object, not %s", in.currentToken());
            }
            return ItemJson.of(context.readTree(in));
        }
    }
}
