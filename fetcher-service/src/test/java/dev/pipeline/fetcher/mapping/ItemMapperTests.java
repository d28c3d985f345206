package dev.pipeline.fetcher.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.SlicedTree;
import dev.pipeline.fetcher.source.FieldMapping;
import dev.pipeline.fetcher.source.ItemShape;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class ItemMapperTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final ItemMapper mapper = new ItemMapper("shop", FieldMapping.DEFAULT);

    private MappedItem map(String item) {
        JsonNode node = JSON.readTree(item);
        return mapper.map(node, "run-1", "http://upstream/page", Instant.EPOCH);
    }

    private ProductRecord product(String item) {
        return ((MappedItem.Product) map(item)).record();
    }

    private String invalid(String item) {
        return ((MappedItem.Invalid) map(item)).reason();
    }

    @Nested
    class TheOriginalsFieldRules {

        @Test
        void takesTheTitleFirst() {
            assertThat(product("{\"id\":1,\"title\":\"Lamp\",\"name\":\"ignored\"}")
                            .title())
                    .isEqualTo("Lamp");
        }

        @Test
        void fallsBackToTheName() {
            assertThat(product("{\"id\":1,\"name\":\"Chair\"}").title()).isEqualTo("Chair");
        }

        @Test
        void fallsBackToFirstAndLastName() {
            assertThat(product("{\"id\":7,\"first_name\":\"Ada\",\"last_name\":\"Byron\"}")
                            .title())
                    .isEqualTo("Ada Byron");
        }

        @Test
        void keepsTheSourcesOwnIdAsText() {
            ProductRecord product = product("{\"id\":42,\"title\":\"x\"}");
            assertThat(product.externalId()).isEqualTo("42");
            assertThat(product.key()).isEqualTo("shop:42");
        }

        @Test
        void leavesPriceNullAndCategoryUnknownWhenTheSourceHasNone() {
            ProductRecord product = product("{\"id\":\"a-1\",\"title\":\"x\"}");
            assertThat(product.price()).isNull();
            assertThat(product.category()).isEqualTo("unknown");
        }

        @Test
        void readsPriceAndCategory() {
            ProductRecord product = product("{\"id\":1,\"title\":\"x\",\"price\":9.99,\"category\":\"beauty\"}");
            assertThat(product.price()).isEqualTo(9.99);
            assertThat(product.category()).isEqualTo("beauty");
        }

        @Test
        void keepsNonAsciiText() {
            assertThat(product("{\"id\":1,\"title\":\"Crème brûlée — 東京\"}").title())
                    .isEqualTo("Crème brûlée — 東京");
        }
    }

    @Nested
    class InvalidItems {

        @Test
        void needAnId() {
            assertThat(invalid("{\"title\":\"x\"}")).isEqualTo("missing id");
        }

        @Test
        void needATitle() {
            assertThat(invalid("{\"id\":1,\"title\":\"   \"}")).isEqualTo("missing or blank title");
        }

        @Test
        void needANonNegativePrice() {
            assertThat(invalid("{\"id\":1,\"title\":\"x\",\"price\":-5}")).isEqualTo("price is negative or not finite");
        }

        @Test
        void needAPriceADoubleHolds() {
            assertThat(invalid("{\"id\":1,\"title\":\"x\",\"price\":1" + "0".repeat(400) + "}"))
                    .isEqualTo("price is out of range");
            assertThat(invalid("{\"id\":1,\"title\":\"x\",\"price\":1e400}")).isEqualTo("price is out of range");
            assertThat(invalid("{\"id\":1,\"title\":\"x\",\"price\":-1" + "0".repeat(400) + "}"))
                    .isEqualTo("price is out of range");
        }

        @Test
        void needAnIdOfBoundedLengthEvenWhenItIsAHugeInteger() {
            assertThat(invalid("{\"id\":1" + "0".repeat(400) + ",\"title\":\"x\"}"))
                    .isEqualTo("id longer than 128 characters");
        }

        @Test
        void areInvalidRatherThanAnExceptionWhenAValueCannotBeRead() {
            // A node no JSON page holds, whose text Jackson refuses to give: a stand-in for what no rule foresaw.
            ObjectNode item =
                    JSON.createObjectNode().put("id", 1).put("title", "x").putPOJO("category", new Object());
            assertThat(mapper.map(item, "run-1", "e", Instant.EPOCH))
                    .isEqualTo(new MappedItem.Invalid(null, "could not be mapped (JsonNodeException)"));
        }

        @Test
        void needANumericPrice() {
            assertThat(invalid("{\"id\":1,\"title\":\"x\",\"price\":\"cheap\"}"))
                    .isEqualTo("price is not a number");
        }

        @Test
        void needABoundedTitle() {
            String huge = "x".repeat(1_000_000);
            assertThat(invalid("{\"id\":1,\"title\":\"" + huge + "\"}")).startsWith("title longer than");
        }

        @Test
        void needAnIdThatIsTextOrAnInteger() {
            assertThat(invalid("{\"id\":{\"nested\":1},\"title\":\"x\"}"))
                    .isEqualTo("id is not a string or an integer");
        }

        @Test
        void mustBeObjects() {
            assertThat(invalid("[1,2]")).isEqualTo("item is not a JSON object");
        }

        @Test
        void keepTheirIdForTheErrorMessage() {
            assertThat(((MappedItem.Invalid) map("{\"id\":5,\"title\":\"x\",\"price\":-1}")).externalId())
                    .isEqualTo("5");
        }
    }

    @Test
    void keepsAPriceBeyondLongThatADoubleHolds() {
        assertThat(product("{\"id\":1,\"title\":\"x\",\"price\":1" + "0".repeat(30) + "}")
                        .price())
                .isEqualTo(1e30);
    }

    @Test
    void followsAConfiguredMapping() {
        ItemMapper custom = new ItemMapper(
                "books",
                new FieldMapping(
                        List.of("/isbn"),
                        List.of("/info/name"),
                        List.of("/offer/amount"),
                        List.of("{/genre}/{/subgenre}")));
        ProductRecord product = ((MappedItem.Product) custom.map(
                        JSON.readTree(
                                "{\"isbn\":\"978-3\",\"info\":{\"name\":\"Dune\"},\"offer\":{\"amount\":12.5},\"genre\":\"sf\",\"subgenre\":\"classic\"}"),
                        "run-1",
                        "e",
                        Instant.EPOCH))
                .record();
        assertThat(product.externalId()).isEqualTo("978-3");
        assertThat(product.title()).isEqualTo("Dune");
        assertThat(product.price()).isEqualTo(12.5);
        assertThat(product.category()).isEqualTo("sf/classic");
    }

    @Nested
    class TheWholeItem {

        private static final String ITEM =
                "{\"id\":7,\"title\":\"Lamp\",\"price\":12.5,\"brand\":\"Lumora\",\"stock\":3,\"sale\":true,"
                        + "\"dimensions\":{\"width\":10.5,\"height\":2},\"tags\":[\"a\",\"b\"],\"note\":null,\"blank\":\" \"}";

        private MappedItem mapWith(FieldMapping fields, String item) {
            return new ItemMapper("shop", fields).map(JSON.readTree(item), "run-1", "e", Instant.EPOCH);
        }

        private static FieldMapping fields(Map<String, List<String>> attributes, ItemShape item) {
            return new FieldMapping(null, null, null, null, attributes, item);
        }

        @Test
        void travelsAsTheApiSentItByDefault() {
            assertThat(product(ITEM).item().tree()).isEqualTo(JSON.readTree(ITEM));
            assertThat(product(ITEM).attributes()).isEmpty();
        }

        @Test
        void attributesAreTheTextOfWhatTheirExpressionsRead() {
            ProductRecord product = ((MappedItem.Product) mapWith(
                            fields(
                                    Map.of(
                                            "brand", List.of("/brand"),
                                            "stock", List.of("/stock"),
                                            "sale", List.of("/sale"),
                                            "width", List.of("/dimensions/width"),
                                            "dimensions", List.of("/dimensions"),
                                            "tags", List.of("/tags"),
                                            "label", List.of("{/brand} {/title}"),
                                            "maker", List.of("/maker", "/brand"),
                                            "note", List.of("/note"),
                                            "blank", List.of("/blank")),
                                    null),
                            ITEM))
                    .record();
            assertThat(product.attributes())
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            "brand", "Lumora",
                            "stock", "3",
                            "sale", "true",
                            "width", "10.5",
                            "dimensions", "{\"width\":10.5,\"height\":2}",
                            "tags", "[\"a\",\"b\"]",
                            "label", "Lumora Lamp",
                            "maker", "Lumora"))
                    .as("null, blank and missing values are no attribute")
                    .doesNotContainKeys("note", "blank");
        }

        @Test
        void anAttributeBeyondItsBoundMakesTheItemInvalid() {
            MappedItem mapped = mapWith(
                    fields(Map.of("text", List.of("/text")), null),
                    "{\"id\":1,\"title\":\"x\",\"text\":\"" + "y".repeat(1_001) + "\"}");
            assertThat(((MappedItem.Invalid) mapped).reason()).isEqualTo("attribute text longer than 1000 characters");
        }

        @Test
        void excludeCutsTopLevelFieldsAndKeepsTheRestAsSent() {
            ProductRecord product = ((MappedItem.Product) mapWith(
                            fields(null, new ItemShape(null, List.of("dimensions", "tags"), null)), ITEM))
                    .record();
            assertThat(product.item().toString())
                    .isEqualTo(
                            "{\"id\":7,\"title\":\"Lamp\",\"price\":12.5,\"brand\":\"Lumora\",\"stock\":3,\"sale\":true,\"note\":null,\"blank\":\" \"}");
        }

        @Test
        void includeKeepsOnlyTheNamedFieldsInTheItemsOrder() {
            ProductRecord product = ((MappedItem.Product) mapWith(
                            fields(null, new ItemShape(List.of("dimensions", "id", "absent"), null, null)), ITEM))
                    .record();
            assertThat(product.item().toString()).isEqualTo("{\"id\":7,\"dimensions\":{\"width\":10.5,\"height\":2}}");
            assertThat(product.title()).as("the mapping reads the whole item").isEqualTo("Lamp");
        }

        @Test
        void anItemOverTheCapIsInvalidNamingTheCapAndItsSize() {
            int size = JSON.writeValueAsBytes(JSON.readTree(ITEM)).length;
            assertThat(mapWith(fields(null, new ItemShape(null, null, DataSize.ofBytes(size))), ITEM))
                    .isInstanceOf(MappedItem.Product.class);
            assertThat(mapWith(fields(null, new ItemShape(null, null, DataSize.ofBytes(size - 1))), ITEM))
                    .isEqualTo(new MappedItem.Invalid(
                            "7",
                            "item of " + size + " bytes is over the source's item size cap (fields.item.max-size) of "
                                    + (size - 1) + " bytes"));
        }

        @Test
        void aSourceThatKeepsNoItemMapsItsFieldsAndCarriesNoItem() {
            ProductRecord product = ((MappedItem.Product)
                            mapWith(fields(Map.of("brand", List.of("/brand")), ItemShape.NONE), ITEM))
                    .record();
            assertThat(product.item()).isNull();
            assertThat(product.title()).isEqualTo("Lamp");
            assertThat(product.attributes()).containsExactly(Map.entry("brand", "Lumora"));
        }

        @Test
        void theCapIsNotAppliedToAnItemNotKept() {
            assertThat(mapWith(fields(null, new ItemShape(null, null, DataSize.ofBytes(2), false)), ITEM))
                    .isInstanceOf(MappedItem.Product.class);
        }

        @Test
        void anItemReadFromItsPageMapsAsTheSameItemParsedOnItsOwn() {
            int size = JSON.writeValueAsBytes(JSON.readTree(ITEM)).length;
            List<FieldMapping> mappings = List.of(
                    FieldMapping.DEFAULT,
                    fields(null, new ItemShape(null, List.of("dimensions", "tags"), null)),
                    fields(null, new ItemShape(List.of("dimensions", "id"), null, null)),
                    fields(null, new ItemShape(null, null, DataSize.ofBytes(size))),
                    fields(null, new ItemShape(null, null, DataSize.ofBytes(size - 1))),
                    fields(Map.of("dimensions", List.of("/dimensions")), ItemShape.NONE));
            String escaped = ITEM.replace("\"Lamp\"", "\"L\\u0061mp \\/\"");
            List<String> pages = List.of(
                    "{\"products\":[" + ITEM + "," + ITEM + "]}",
                    "{\"products\": [\n  " + ITEM.replace(",", ", ") + "\n]}",
                    "{\"products\":[" + escaped + "]}");
            for (FieldMapping fields : mappings) {
                ItemMapper itemMapper = new ItemMapper("shop", fields);
                for (String page : pages) {
                    JsonNode fromPage = SlicedTree.read(page.getBytes(StandardCharsets.UTF_8))
                            .get("products")
                            .get(0);
                    assertThat(itemMapper.map(fromPage, "run-1", "e", Instant.EPOCH))
                            .as(page)
                            .isEqualTo(itemMapper.map(JSON.readTree(fromPage.toString()), "run-1", "e", Instant.EPOCH));
                }
            }
        }

        @Test
        void theCapAppliesToWhatIsKept() {
            int size = JSON.writeValueAsBytes(JSON.readTree(ITEM)).length;
            assertThat(mapWith(fields(null, new ItemShape(null, List.of("tags"), DataSize.ofBytes(size - 1))), ITEM))
                    .isInstanceOf(MappedItem.Product.class);
        }
    }
}
