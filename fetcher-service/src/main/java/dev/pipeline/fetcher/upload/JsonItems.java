package dev.pipeline.fetcher.upload;

import dev.pipeline.common.PipelineJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * A JSON upload: an array of items, or an object whose {@code items}, {@code data} or
 * {@code products} (the first of them that is an array) holds them. Streamed: one item in memory
 * at a time, however large the file.
 */
final class JsonItems {

    static final List<String> ITEM_PROPERTIES = List.of("items", "data", "products");

    private JsonItems() {}

    /**
     * Reads the whole file once, token by token, counting its items, so that a broken file
     * publishes nothing and an upload of too many items is refused before its run starts.
     */
    static FileScan scan(Path file) throws IOException {
        try (JsonParser parser = PipelineJson.mapper().createParser(file)) {
            JsonToken root = parser.nextToken();
            if (root == null) {
                return FileScan.malformed("empty file");
            }
            FileScan scan;
            if (root == JsonToken.START_OBJECT) {
                scan = itemProperty(parser);
            } else if (root == JsonToken.START_ARRAY) {
                scan = FileScan.of(countElements(parser), null);
            } else {
                return FileScan.malformed(notItems());
            }
            if (!scan.isMalformed() && parser.nextToken() != null) {
                return FileScan.malformed("not JSON: more content after the top-level value at " + where(parser));
            }
            return scan;
        } catch (JacksonException e) {
            return FileScan.malformed("not JSON: " + message(e));
        }
    }

    /** {@code property} is what {@link #scan} found for the file. */
    static void forEach(Path file, String property, ItemVisitor visitor) throws MalformedFileException, IOException {
        try (JsonParser parser = PipelineJson.mapper().createParser(file)) {
            if (parser.nextToken() == JsonToken.START_OBJECT && !seekItems(parser, property)) {
                throw new MalformedFileException(notItems());
            }
            long position = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                JsonNode item = parser.readValueAsTree();
                visitor.item(++position, item == null ? NullNode.getInstance() : item);
            }
        } catch (JacksonException e) {
            throw new MalformedFileException("not JSON: " + message(e));
        }
    }

    /**
     * With the parser on a top-level object's start: skips to its end, naming the item array (the
     * first of {@link #ITEM_PROPERTIES} that is an array) and counting its items.
     */
    private static FileScan itemProperty(JsonParser parser) {
        String found = null;
        long count = 0;
        int rank = Integer.MAX_VALUE;
        for (String name = parser.nextName(); name != null; name = parser.nextName()) {
            JsonToken value = parser.nextToken();
            int index = ITEM_PROPERTIES.indexOf(name);
            if (value == JsonToken.START_ARRAY && index >= 0) {
                long elements = countElements(parser);
                if (index < rank) {
                    found = name;
                    count = elements;
                    rank = index;
                }
            } else {
                parser.skipChildren();
            }
        }
        return found == null ? FileScan.malformed(notItems()) : FileScan.of(count, found);
    }

    /** With the parser on an array's start: leaves it on the array's end, answering how many elements it holds. */
    private static long countElements(JsonParser parser) {
        long count = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            count++;
            parser.skipChildren();
        }
        return count;
    }

    /** Leaves the parser on the start of the first array held by {@code property}. */
    private static boolean seekItems(JsonParser parser, String property) {
        for (String name = parser.nextName(); name != null; name = parser.nextName()) {
            JsonToken value = parser.nextToken();
            if (value == JsonToken.START_ARRAY && name.equals(property)) {
                return true;
            }
            parser.skipChildren();
        }
        return false;
    }

    private static String notItems() {
        return "no items: expected a JSON array of items, or an object with an array in "
                + String.join(", ", ITEM_PROPERTIES);
    }

    private static String where(JsonParser parser) {
        return "line " + parser.currentLocation().getLineNr() + ", column "
                + parser.currentLocation().getColumnNr();
    }

    private static String message(JacksonException e) {
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        // The parser's source is our local copy of the file: no use to whoever uploaded it.
        String first = message.lines().findFirst().orElse(message).replaceAll("\\[Source: [^;\\]]*; ", "[");
        String located = e.getLocation() == null || e.getLocation().getLineNr() < 0
                ? first
                : first + " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
        return located.length() > 300 ? located.substring(0, 300) + "..." : located;
    }
}
