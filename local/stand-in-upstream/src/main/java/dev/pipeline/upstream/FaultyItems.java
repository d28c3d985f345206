package dev.pipeline.upstream;

import static dev.pipeline.upstream.FaultyApi.ITEMS_PER_PAGE;
import static dev.pipeline.upstream.FaultyApi.TOTAL_PAGES;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * {@code GET /faulty/items?page=N}: one deterministic fault per page, so a client's retry,
 * throttling, parse-error and validation paths can each be exercised against real HTTP.
 *
 * <ol>
 *   <li>fine;</li>
 *   <li>500 on the first request, fine after;</li>
 *   <li>429 with {@code Retry-After: 1} on the first request, fine after;</li>
 *   <li>always a 200 whose body is truncated JSON;</li>
 *   <li>200 with three valid items and three invalid ones (no id, negative price, blank name).</li>
 * </ol>
 * Pages past the last are empty.
 */
final class FaultyItems implements Endpoint {

    private static final List<String> NAMES = List.of("Widget", "Gadget", "Sprocket", "Gizmo");
    private static final List<String> CATEGORIES = List.of("tools", "toys", "garden", "office");
    private static final JsonFactory FACTORY = new JsonFactory();

    private final FaultyApi counters;

    FaultyItems(FaultyApi counters) {
        this.counters = counters;
    }

    @Override
    public void serve(HttpExchange exchange, Query query) throws IOException {
        int page = query.integer("page", 1, 1);
        int request = counters.recordRequest(page);
        switch (page) {
            case 2 -> {
                if (request == 1) {
                    JsonResponses.error(exchange, 500, "boom");
                } else {
                    sendPage(exchange, page);
                }
            }
            case 3 -> {
                if (request == 1) {
                    exchange.getResponseHeaders().set("Retry-After", "1");
                    JsonResponses.error(exchange, 429, "too many requests");
                } else {
                    sendPage(exchange, page);
                }
            }
            case 4 -> JsonResponses.raw(exchange, 200, truncated(page));
            case 5 -> JsonResponses.send(exchange, 200, json -> writePage(json, page, FaultyItems::writeMixedItems));
            default -> sendPage(exchange, page);
        }
    }

    private static void sendPage(HttpExchange exchange, int page) throws IOException {
        JsonResponses.send(exchange, 200, json -> writePage(json, page, FaultyItems::writeValidItems));
    }

    private static void writePage(JsonGenerator json, int page, ItemsWriter items) {
        json.writeStartObject();
        json.writeNumberProperty("page", page);
        json.writeNumberProperty("total_pages", TOTAL_PAGES);
        json.writeArrayPropertyStart("items");
        items.write(json, page);
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeValidItems(JsonGenerator json, int page) {
        if (page > TOTAL_PAGES) {
            return;
        }
        int first = (page - 1) * ITEMS_PER_PAGE + 1;
        for (int id = first; id < first + ITEMS_PER_PAGE; id++) {
            writeItem(json, id, NAMES.get(id % NAMES.size()) + " " + id, price(id));
        }
    }

    /** Page 5: ids 17 to 19 are valid; then one item without an id, id 20 at -5, id 21 named "  ". */
    private static void writeMixedItems(JsonGenerator json, int page) {
        int first = (page - 1) * ITEMS_PER_PAGE + 1;
        for (int id = first; id < first + 3; id++) {
            writeItem(json, id, NAMES.get(id % NAMES.size()) + " " + id, price(id));
        }
        json.writeStartObject();
        json.writeStringProperty("name", "Nameless Gizmo");
        json.writeNumberProperty("price", 9.99);
        json.writeStringProperty("category", "toys");
        json.writeEndObject();
        writeItem(json, first + 3, "Refund Widget", -5);
        writeItem(json, first + 4, "  ", 3.5);
    }

    private static void writeItem(JsonGenerator json, int id, String name, double price) {
        json.writeStartObject();
        json.writeNumberProperty("id", id);
        json.writeStringProperty("name", name);
        json.writeNumberProperty("price", price);
        json.writeStringProperty("category", CATEGORIES.get(id % CATEGORIES.size()));
        json.writeEndObject();
    }

    private static double price(int id) {
        return id * 2.5 + 0.49;
    }

    /** The valid page cut in half: looks like JSON, parses as nothing. */
    private static byte[] truncated(int page) {
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        try (JsonGenerator json = FACTORY.createGenerator(ObjectWriteContext.empty(), whole)) {
            writePage(json, page, FaultyItems::writeValidItems);
        }
        byte[] bytes = whole.toByteArray();
        return Arrays.copyOf(bytes, bytes.length / 2);
    }

    @FunctionalInterface
    private interface ItemsWriter {
        void write(JsonGenerator json, int page);
    }
}
