package dev.pipeline.processor.changes;

import dev.pipeline.common.report.ReportKeys;
import dev.pipeline.processor.run.StoredProduct;
import java.nio.ByteBuffer;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/** An item's title, read off its stored report row: only for the few price moves kept. */
final class Titles {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Titles() {}

    /** The title of a stored product ({@code value} from position 0, as the run's store gives it); {@code null} if it has none. */
    static String of(ByteBuffer value) {
        int start = StoredProduct.jsonStart(value);
        try (JsonParser parser = JSON.createParser(value.array(), value.arrayOffset() + start, value.limit() - start)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (String name = parser.nextName(); name != null; name = parser.nextName()) {
                JsonToken token = parser.nextToken();
                if (name.equals(ReportKeys.Products.TITLE)) {
                    return token == JsonToken.VALUE_STRING ? parser.getString() : null;
                }
                parser.skipChildren();
            }
            return null;
        }
    }
}
