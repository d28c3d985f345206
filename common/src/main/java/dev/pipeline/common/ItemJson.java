package dev.pipeline.common;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
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
 */
@JsonSerialize(using = ItemJson.Writer.class)
@JsonDeserialize(using = ItemJson.Reader.class)
public final class ItemJson {

    private final byte[] utf8;

    private ItemJson(byte[] utf8) {
        this.utf8 = utf8;
    }

    /** The object as {@link PipelineJson#mapper()} writes it (compact). */
    public static ItemJson of(JsonNode object) {
        if (!object.isObject()) {
            throw new IllegalArgumentException("an item is a JSON object, not " + object.getNodeType());
        }
        return new ItemJson(PipelineJson.mapper().writeValueAsBytes(object));
    }

    /** @param utf8 the JSON text of one object, as a JSON writer made it (taken as it is, not copied) */
    public static ItemJson ofWritten(byte[] utf8) {
        return new ItemJson(utf8);
    }

    /** Its size in bytes, what a source's cap is compared with. */
    public int size() {
        return utf8.length;
    }

    /** Its bytes, which the caller must not change (a writer copies them as they are). */
    public byte[] utf8() {
        return utf8;
    }

    /** As a tree, for a reader that wants its fields. */
    public JsonNode tree() {
        return PipelineJson.mapper().readTree(utf8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ItemJson item && Arrays.equals(utf8, item.utf8);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(utf8);
    }

    @Override
    public String toString() {
        return new String(utf8, StandardCharsets.UTF_8);
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
