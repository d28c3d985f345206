package dev.pipeline.fetcher.publish;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductRecord;
import java.time.Instant;
import java.util.Map;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.SerializableString;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.util.BufferRecycler;
import tools.jackson.core.util.ByteArrayBuilder;

/**
 * A product record as the JSON bytes it is sent as on {@code pipeline.products}, written field
 * by field with a {@link JsonGenerator}: the same JSON that {@link PipelineJson#mapper()} writes
 * for a {@link ProductRecord} and reads back, without the bean serializer's reflection, property
 * lookups and per-call setup, which cost the fetcher more than the writing itself (JFR, issue #16).
 * The producer's value serializer sends a {@code byte[]} as it is. A field added to the record
 * must be added here too; {@code ProductJsonTests} fails until it is.
 */
public final class ProductJson {

    private static final SerializableString VERSION = name("version");
    private static final SerializableString RUN_ID = name("runId");
    private static final SerializableString SOURCE = name("source");
    private static final SerializableString EXTERNAL_ID = name("externalId");
    private static final SerializableString TITLE = name("title");
    private static final SerializableString PRICE = name("price");
    private static final SerializableString CATEGORY = name("category");
    private static final SerializableString ENDPOINT = name("endpoint");
    private static final SerializableString FETCHED_AT = name("fetchedAt");
    private static final SerializableString ATTRIBUTES = name("attributes");

    /** The mapper's own: the generator needs no serialization context (the mapper's would be made per call). */
    private static final TokenStreamFactory JSON = PipelineJson.mapper().tokenStreamFactory();

    private ProductJson() {}

    public static byte[] of(ProductRecord product) {
        // As the mapper's writeValueAsBytes does: the buffers come from the factory's pool and go back to it.
        BufferRecycler recycler = JSON._getBufferRecycler();
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(recycler)) {
            try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), bytes, JsonEncoding.UTF8)) {
                write(json, product);
            }
            return bytes.getClearAndRelease();
        } finally {
            recycler.releaseToPool();
        }
    }

    private static void write(JsonGenerator json, ProductRecord product) {
        json.writeStartObject();
        json.writeName(VERSION);
        json.writeNumber(product.version());
        string(json, RUN_ID, product.runId());
        string(json, SOURCE, product.source());
        string(json, EXTERNAL_ID, product.externalId());
        string(json, TITLE, product.title());
        json.writeName(PRICE);
        if (product.price() == null) {
            json.writeNull();
        } else {
            json.writeNumber(product.price().doubleValue());
        }
        string(json, CATEGORY, product.category());
        string(json, ENDPOINT, product.endpoint());
        Instant fetchedAt = product.fetchedAt();
        // As Jackson writes an Instant: ISO-8601 in UTC (DateTimeFormatter.ISO_INSTANT, as toString()).
        string(json, FETCHED_AT, fetchedAt == null ? null : fetchedAt.toString());
        json.writeName(ATTRIBUTES);
        json.writeStartObject();
        for (Map.Entry<String, String> attribute : product.attributes().entrySet()) {
            json.writeName(attribute.getKey());
            json.writeString(attribute.getValue());
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void string(JsonGenerator json, SerializableString name, String value) {
        json.writeName(name);
        if (value == null) {
            json.writeNull();
        } else {
            json.writeString(value);
        }
    }

    private static SerializableString name(String name) {
        return new SerializedString(name);
    }
}
