package dev.pipeline.common.testing;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Test support, shared through common's test-jar: the published schema of {@code pipeline.products}'
 * values ({@code schemas/product-record.v1.schema.json}), applied. The fetcher's tests check every
 * record they write through here and the Kafka tests every value they read, so a record that stops
 * matching the schema fails the test that made it, with every mismatch named. Formats
 * ({@code date-time}) are asserted, and a key given twice fails the read.
 *
 * <p>The tests apply it strictly: a field the schema does not describe is a mismatch, so a field
 * added to the records fails the tests until the schema describes it. The published file itself
 * allows fields it does not describe ({@link #publishedProblems}): a consumer validating with it
 * accepts the records of a later, additive revision of version 1 instead of refusing them.
 */
public final class ProductSchema {

    /** Where the schema is on the class path (common's jar). */
    public static final String RESOURCE = "/schemas/product-record.v1.schema.json";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    /** The published schema with {@code additionalProperties: false} at the record's level. */
    private static final Schema STRICT = load(true);
    /** The published schema as a consumer applies it. */
    private static final Schema PUBLISHED = load(false);

    private ProductSchema() {}

    /**
     * Every way {@code value} (a record's JSON) does not match the schema, a field it does not
     * describe included; empty when it does.
     */
    public static List<String> problems(byte[] value) {
        return problems(JSON.readTree(value));
    }

    public static List<String> problems(JsonNode value) {
        return STRICT.validate(value).stream().map(Error::toString).toList();
    }

    /** Every way {@code value} does not match the schema as published (as a consumer applies it). */
    public static List<String> publishedProblems(JsonNode value) {
        return PUBLISHED.validate(value).stream().map(Error::toString).toList();
    }

    /** @throws AssertionError naming every way {@code value} does not match, with the value */
    public static void assertValid(byte[] value) {
        List<String> problems = problems(value);
        if (!problems.isEmpty()) {
            throw new AssertionError("a product record does not match " + RESOURCE + ":\n  "
                    + String.join("\n  ", problems) + "\nthe record: " + new String(value, StandardCharsets.UTF_8));
        }
    }

    /** {@link #assertValid(byte[])} of a value as text (as a String deserializer reads it). */
    public static void assertValid(String value) {
        assertValid(value.getBytes(StandardCharsets.UTF_8));
    }

    private static Schema load(boolean strict) {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                        .formatAssertionsEnabled(true)
                        .build()));
        try (InputStream in = ProductSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            ObjectNode schema = (ObjectNode) JSON.readTree(in);
            if (strict) {
                schema.put("additionalProperties", false);
            }
            return registry.getSchema(new ByteArrayInputStream(JSON.writeValueAsBytes(schema)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
