package dev.pipeline.processor.run;

import dev.pipeline.common.ProductRecord;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a product is kept in a {@link RunStore}: the few fields the metrics need up front, so the
 * report is aggregated without parsing JSON, then the product exactly as the report prints it,
 * so the report copies it byte for byte.
 *
 * <pre>[hasPrice:1][price:8][categoryLength:4][category][report JSON]</pre>
 */
public record StoredProduct(Double price, String category, byte[] json) {

    static byte[] encode(ProductRecord product, Instant processedAt, JsonMapper mapper) {
        byte[] category = product.category().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream json = new ByteArrayOutputStream(256);
        try (JsonGenerator out = mapper.createGenerator(json)) {
            out.writeStartObject();
            out.writeStringProperty("id", product.externalId());
            out.writeStringProperty("title", product.title());
            out.writeStringProperty("source", product.source());
            if (product.price() == null) {
                out.writeNullProperty("price");
            } else {
                out.writeNumberProperty("price", product.price());
            }
            out.writeStringProperty("category", product.category());
            out.writeStringProperty("processed_at", processedAt.toString());
            out.writeStringProperty("fetched_at", String.valueOf(product.fetchedAt()));
            // By name: the record's map (Map.copyOf) iterates in an order that differs from JVM to JVM.
            for (Map.Entry<String, String> attribute : new TreeMap<>(product.attributes()).entrySet()) {
                out.writeStringProperty(attribute.getKey(), attribute.getValue());
            }
            out.writeEndObject();
        }
        byte[] body = json.toByteArray();
        return ByteBuffer.allocate(1 + 8 + 4 + category.length + body.length)
                .put((byte) (product.price() == null ? 0 : 1))
                .putDouble(product.price() == null ? 0 : product.price())
                .putInt(category.length).put(category).put(body).array();
    }

    public static StoredProduct decode(byte[] value) {
        ByteBuffer in = ByteBuffer.wrap(value);
        boolean hasPrice = in.get() == 1;
        double price = in.getDouble();
        byte[] category = new byte[in.getInt()];
        in.get(category);
        byte[] json = new byte[in.remaining()];
        in.get(json);
        return new StoredProduct(hasPrice ? price : null, new String(category, StandardCharsets.UTF_8), json);
    }
}
