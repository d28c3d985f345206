package dev.pipeline.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.ItemJson;
import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * The published schema of {@code pipeline.products}' values holds records as the pipeline's mapper
 * writes them, with or without an item, and refuses a record that strays from them: so a test that
 * checks the records it writes or reads fails when they stop matching.
 */
class ProductSchemaTests {

    private static final ProductRecord RECORD = new ProductRecord(
            ProductRecord.CURRENT_VERSION,
            "run-20261128T120000Z-1a2b3c",
            "dummyjson",
            "7",
            "Lamp",
            12.5,
            "home-decoration",
            "http://127.0.0.1:8089/dummyjson/products?limit=20&skip=0",
            Instant.parse("2026-11-28T12:00:00.5Z"),
            Map.of("brand", "Lumora", "stock", "3"),
            ItemJson.of(
                    PipelineJson.mapper().readTree("{\"id\":7,\"title\":\"Lamp\",\"dims\":{\"w\":1.5},\"tags\":[]}")));

    private static ObjectNode json(ProductRecord record) {
        return (ObjectNode) PipelineJson.mapper().valueToTree(record);
    }

    @Test
    void aRecordWithItsItemMatches() {
        assertThat(ProductSchema.problems(json(RECORD))).isEmpty();
    }

    @Test
    void aRecordWithoutItemMatches() {
        ObjectNode json = json(RECORD.withoutItem());
        assertThat(json.has("item")).isFalse();
        assertThat(ProductSchema.problems(json)).isEmpty();
    }

    static List<Consumer<ObjectNode>> strays() {
        return List.of(
                json -> json.remove("title"),
                json -> json.put("title", ""),
                json -> json.put("version", 2),
                json -> json.put("price", -1),
                json -> json.put("price", "12.5"),
                json -> json.put("fetchedAt", "yesterday"),
                json -> json.put("source", "Not A Name"),
                json -> json.put("surprise", true),
                json -> json.put("item", "{\"id\":7}"),
                json -> json.putArray("item"),
                json -> ((ObjectNode) json.get("attributes")).put("stock", 3),
                json -> ((ObjectNode) json.get("attributes")).put("Brand", "x"),
                json -> json.remove("attributes"));
    }

    @ParameterizedTest
    @MethodSource("strays")
    void aRecordThatStraysDoesNotMatch(Consumer<ObjectNode> stray) {
        ObjectNode json = json(RECORD);
        stray.accept(json);
        assertThat(ProductSchema.problems(json)).as(json.toString()).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("strays")
    void aRecordThatStraysOtherwiseThanByANewFieldDoesNotMatchThePublishedSchemaEither(Consumer<ObjectNode> stray) {
        ObjectNode json = json(RECORD);
        stray.accept(json);
        if (!json.has("surprise")) {
            assertThat(ProductSchema.publishedProblems(json))
                    .as(json.toString())
                    .isNotEmpty();
        }
    }

    @Test
    void aConsumerValidatingWithThePublishedSchemaAcceptsAFieldAddedLaterInVersionOne() {
        // A later, additive revision of version 1 adds a field: a consumer holding this revision
        // must read the new records, as the README tells it to ignore what it does not know.
        ObjectNode json = json(RECORD);
        json.put("surprise", true);
        assertThat(ProductSchema.publishedProblems(json)).isEmpty();
        // The tests' own check stays strict: a field the schema does not describe fails them.
        assertThat(ProductSchema.problems(json)).isNotEmpty();
    }
}
