package dev.pipeline.fetcher.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.ProductRecord;
import dev.pipeline.fetcher.source.FieldMapping;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
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
}
