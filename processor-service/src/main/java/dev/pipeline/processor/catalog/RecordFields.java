package dev.pipeline.processor.catalog;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductKey;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunIds;
import dev.pipeline.processor.JsonSkip;
import dev.pipeline.processor.run.SortKey;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The few fields of a products record the catalogue's {@link Versions} keep, read off its bytes as
 * tokens (every other value skipped, nothing bound; the item, the record's largest part, stepped over
 * as bytes where it ends the record): the reader does this for every record, a million of them after
 * a large run.
 */
record RecordFields(String source, String externalId, String runId, Double price, String category) {

    /**
     * The fields, or {@code null} when the record is not a product record of the version this
     * processor knows, or its key is not its source and id (as {@link Catalog#item} refuses it).
     */
    static RecordFields read(byte[] key, byte[] value) {
        int version = -1;
        String source = null;
        String externalId = null;
        String runId = null;
        Double price = null;
        String category = null;
        try (JsonParser parser = PipelineJson.mapper().createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            fields:
            for (String name = parser.nextName(); name != null; name = parser.nextName()) {
                JsonToken token = parser.nextToken();
                switch (name) {
                    case "version" -> version = token == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : -1;
                    case "source" -> source = text(parser, token);
                    case "externalId" -> externalId = text(parser, token);
                    case "runId" -> runId = text(parser, token);
                    case "category" -> category = text(parser, token);
                    case "price" -> price = token.isNumeric() ? parser.getDoubleValue() : null;
                    case "item" -> {
                        // The fetcher writes the item last: stepped over as bytes when it ends the record and is
                        // JSON the parser would read the same, else with the parser (JsonSkip's rule).
                        if (token == JsonToken.START_OBJECT
                                && JsonSkip.endsRecord(
                                        value, parser.currentTokenLocation().getByteOffset())) {
                            break fields;
                        }
                        parser.skipChildren();
                    }
                    default -> parser.skipChildren();
                }
            }
        } catch (RuntimeException unreadable) { // JacksonException
            return null;
        }
        if (version != ProductRecord.CURRENT_VERSION
                || source == null
                || externalId == null
                || !RunIds.isValid(runId)
                || !new String(key, StandardCharsets.UTF_8).equals(ProductKey.of(source, externalId))) {
            return null;
        }
        if (category == null || category.isBlank()) {
            category = ProductRecord.UNKNOWN_CATEGORY;
        }
        return new RecordFields(source, externalId, runId, price, category);
    }

    /** The {@link SortKey} of a products key ({@code <source>:<externalId>}); {@code null} when it is none. */
    static byte[] sortKey(byte[] key) {
        String text = new String(key, StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        return colon <= 0 ? null : SortKey.of(text.substring(0, colon), text.substring(colon + 1));
    }

    private static String text(JsonParser parser, JsonToken token) {
        return token == JsonToken.VALUE_STRING ? parser.getString() : null;
    }
}
