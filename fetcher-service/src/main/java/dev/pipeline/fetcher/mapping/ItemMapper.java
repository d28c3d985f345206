package dev.pipeline.fetcher.mapping;

import dev.pipeline.common.ProductRecord;
import dev.pipeline.fetcher.source.FieldMapping;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Maps and validates one source's items. Every item yields a product or an invalid item with a
 * reason, never nothing: that is how "items fetched = products + invalid items" holds.
 */
public final class ItemMapper {

    static final int MAX_ID_LENGTH = 128;
    static final int MAX_TITLE_LENGTH = 1_000;
    static final int MAX_CATEGORY_LENGTH = 200;

    private final String source;
    private final FieldChain id;
    private final FieldChain title;
    private final FieldChain price;
    private final FieldChain category;

    public ItemMapper(String source, FieldMapping fields) {
        this.source = source;
        this.id = FieldChain.parse(fields.id());
        this.title = FieldChain.parse(fields.title());
        this.price = FieldChain.parse(fields.price());
        this.category = FieldChain.parse(fields.category());
    }

    /**
     * Never throws for what an item holds: a value no rule below foresaw makes that item invalid,
     * not its page or task, whose other items would be lost with it.
     */
    public MappedItem map(JsonNode item, String runId, String endpoint, Instant fetchedAt) {
        try {
            return mapChecked(item, runId, endpoint, fetchedAt);
        } catch (RuntimeException e) {
            // Not the exception's message: it can quote the whole value (a number of 1,000 digits).
            return new MappedItem.Invalid(
                    null, "could not be mapped (" + e.getClass().getSimpleName() + ")");
        }
    }

    private MappedItem mapChecked(JsonNode item, String runId, String endpoint, Instant fetchedAt) {
        if (!item.isObject()) {
            return new MappedItem.Invalid(null, "item is not a JSON object");
        }
        JsonNode idNode = id.read(item);
        if (idNode.isMissingNode()) {
            return new MappedItem.Invalid(null, "missing id");
        }
        if (!(idNode.isString() || idNode.isIntegralNumber())) {
            return new MappedItem.Invalid(null, "id is not a string or an integer");
        }
        String externalId = idNode.asString();
        if (externalId.length() > MAX_ID_LENGTH) {
            return new MappedItem.Invalid(null, "id longer than " + MAX_ID_LENGTH + " characters");
        }
        // Each field is read once: validated, then mapped from what was read.
        JsonNode titleNode = title.read(item);
        JsonNode priceNode = price.read(item);
        JsonNode categoryNode = category.read(item);
        Double priceValue = priceNode.isNumber() ? doubleOf(priceNode) : null;
        String problem = problemWith(titleNode, priceNode, priceValue, categoryNode);
        if (problem != null) {
            return new MappedItem.Invalid(externalId, problem);
        }
        return new MappedItem.Product(new ProductRecord(
                ProductRecord.CURRENT_VERSION,
                runId,
                source,
                externalId,
                titleNode.asString().strip(),
                priceValue,
                categoryNode.isMissingNode() ? null : categoryNode.asString(),
                endpoint,
                fetchedAt,
                Map.of()));
    }

    /** @param priceValue the price when it is a number */
    private static String problemWith(
            JsonNode titleNode, JsonNode priceNode, Double priceValue, JsonNode categoryNode) {
        if (titleNode.isMissingNode() || !titleNode.isValueNode()) {
            return "missing or blank title";
        }
        if (titleNode.asString().length() > MAX_TITLE_LENGTH) {
            return "title longer than " + MAX_TITLE_LENGTH + " characters";
        }
        if (!priceNode.isMissingNode()) {
            if (priceValue == null) {
                return "price is not a number";
            }
            double value = priceValue;
            if (Double.isInfinite(value)) {
                return "price is out of range";
            }
            if (!(value >= 0)) {
                return "price is negative or not finite";
            }
        }
        if (!categoryNode.isMissingNode()
                && (!categoryNode.isValueNode() || categoryNode.asString().length() > MAX_CATEGORY_LENGTH)) {
            return "category is not a short text";
        }
        return null;
    }

    /** Infinite beyond double's range, where Jackson's {@code doubleValue()} throws for a big integer or decimal. */
    private static double doubleOf(JsonNode number) {
        return number.numberValue().doubleValue();
    }
}
