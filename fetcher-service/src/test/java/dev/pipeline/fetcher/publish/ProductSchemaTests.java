package dev.pipeline.fetcher.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.testing.ProductSchema;
import dev.pipeline.fetcher.mapping.ItemMapper;
import dev.pipeline.fetcher.mapping.MappedItem;
import dev.pipeline.fetcher.source.FieldMapping;
import dev.pipeline.fetcher.source.ItemShape;
import dev.pipeline.upstream.Catalog;
import dev.pipeline.upstream.CatalogSize;
import dev.pipeline.upstream.Settings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What the fetcher writes to {@code pipeline.products} matches the published schema
 * ({@code schemas/product-record.v1.schema.json}): the stand-in's generated products mapped as
 * sources map them (with and without attributes, whole and shaped) and written as a page's
 * records are. The in-process Kafka tests check every record they read the same way ({@code RunRecords}).
 */
class ProductSchemaTests {

    private static final Catalog CATALOG = new Catalog(CatalogSize.defaults(), Settings.DEFAULT_SEED);

    private static List<byte[]> written(FieldMapping fields) {
        ItemMapper mapper = new ItemMapper("dummyjson", fields);
        Instant at = Instant.parse("2026-11-28T12:00:00.123Z");
        try (ProductJson.Writer writer = ProductJson.writer()) {
            return java.util.stream.IntStream.rangeClosed(1, CATALOG.size().products())
                    .mapToObj(id -> {
                        JsonNode item = PipelineJson.mapper().valueToTree(CATALOG.product(id));
                        MappedItem mapped = mapper.map(item, "run-20261128T120000Z-1a2b3c", "http://h/p?skip=0", at);
                        return writer.of(((MappedItem.Product) mapped).record());
                    })
                    .toList();
        }
    }

    @Test
    void recordsWithTheWholeItemMatch() {
        assertThat(written(FieldMapping.DEFAULT)).isNotEmpty().allSatisfy(ProductSchema::assertValid);
    }

    @Test
    void recordsWithAttributesAndAShapedItemMatch() {
        FieldMapping fields = new FieldMapping(
                null,
                null,
                null,
                null,
                Map.of(
                        "brand", List.of("/brand"),
                        "stock", List.of("/stock"),
                        "dimensions", List.of("/dimensions"),
                        "label", List.of("{/brand}: {/title}")),
                new ItemShape(null, List.of("description"), null));
        assertThat(written(fields)).isNotEmpty().allSatisfy(ProductSchema::assertValid);
    }

    @Test
    void aRecordWithoutItemAsWrittenBeforeItemsTravelledMatches() {
        ProductSchema.assertValid(
                "{\"version\":1,\"runId\":\"run-1\",\"source\":\"s\",\"externalId\":\"1\",\"title\":\"t\","
                        + "\"price\":null,\"category\":\"unknown\",\"endpoint\":\"http://h/p\",\"fetchedAt\":\"2026-11-28T12:00:00Z\","
                        + "\"attributes\":{}}");
    }
}
