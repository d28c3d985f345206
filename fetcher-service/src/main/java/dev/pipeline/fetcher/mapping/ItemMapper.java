package dev.pipeline.fetcher.mapping;

import dev.pipeline.common.ItemJson;
import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.fetcher.source.FieldMapping;
import dev.pipeline.fetcher.source.ItemShape;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps and validates one source's items. Every item yields a product or an invalid item with a
 * reason, never nothing: that is how "items fetched = products + invalid items" holds. A product
 * carries its further mapped fields ({@code attributes}) and the item as the API sent it, shaped
 * by the source's {@link ItemShape} (or none, when the shape says not to keep it); an item over
 * the shape's size cap is invalid.
 */
public final class ItemMapper {

    static final int MAX_ID_LENGTH = 128;
    static final int MAX_TITLE_LENGTH = 1_000;
    static final int MAX_CATEGORY_LENGTH = 200;
    static final int MAX_ATTRIBUTE_LENGTH = 1_000;

    private final String source;
    private final FieldChain id;
    private final FieldChain title;
    private final FieldChain price;
    private final FieldChain category;
    private final Map<String, FieldChain> attributes = new LinkedHashMap<>();
    private final Set<String> include;
    private final Set<String> exclude;
    private final long maxItemBytes;
    private final boolean keepItem;

    public ItemMapper(String source, FieldMapping fields) {
        this.source = source;
        this.id = FieldChain.parse(fields.id());
        this.title = FieldChain.parse(fields.title());
        this.price = FieldChain.parse(fields.price());
        this.category = FieldChain.parse(fields.category());
        fields.attributes().forEach((name, chain) -> attributes.put(name, FieldChain.parse(chain)));
        ItemShape shape = fields.item();
        this.include = Set.copyOf(shape.include());
        this.exclude = Set.copyOf(shape.exclude());
        this.maxItemBytes = shape.maxSize().toBytes();
        this.keepItem = shape.keep();
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
        Map<String, String> mapped = Map.of();
        if (!attributes.isEmpty()) {
            mapped = new HashMap<>();
            for (Map.Entry<String, FieldChain> attribute : attributes.entrySet()) {
                JsonNode value = attribute.getValue().read(item);
                if (value.isMissingNode()) {
                    continue; // an item without the field has no such attribute, as a product without a category
                }
                String text = value.isContainer() ? PipelineJson.mapper().writeValueAsString(value) : value.asString();
                if (text.length() > MAX_ATTRIBUTE_LENGTH) {
                    return new MappedItem.Invalid(
                            externalId,
                            "attribute " + attribute.getKey() + " longer than " + MAX_ATTRIBUTE_LENGTH + " characters");
                }
                mapped.put(attribute.getKey(), text);
            }
        }
        ItemJson kept = keepItem ? ItemJson.of(shaped((ObjectNode) item)) : null;
        if (kept != null && kept.size() > maxItemBytes) {
            return new MappedItem.Invalid(
                    externalId,
                    "item of " + kept.size() + " bytes is over the source's item size cap (fields.item.max-size) of "
                            + maxItemBytes + " bytes");
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
                mapped,
                kept));
    }

    /** The item with only the top-level fields kept: itself when all are (its children are shared, not copied). */
    private ObjectNode shaped(ObjectNode item) {
        if (include.isEmpty() && exclude.isEmpty()) {
            return item;
        }
        ObjectNode kept = item.objectNode();
        for (Map.Entry<String, JsonNode> field : item.properties()) {
            String name = field.getKey();
            if (include.isEmpty() ? !exclude.contains(name) : include.contains(name)) {
                kept.set(name, field.getValue());
            }
        }
        return kept;
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
