package dev.pipeline.upstream;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * {@code GET /seed/items?page=N}: the seed workload, the original project's benchmark shape —
 * {@code total_pages} pages (1,000 in the benchmark) of 1 to 10 items each, page-number paging:
 * {@code {"page":N,"total_pages":P,"items":[{"id","title","price","category"}]}}. Pages past the
 * last are empty. Off (404) unless the stand-in was started with {@code --seed-pages N}.
 */
final class SeedItems implements Endpoint {

    private final Catalog catalog;

    SeedItems(Catalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void serve(HttpExchange exchange, Query query) throws IOException {
        int totalPages = catalog.size().seedPages();
        if (totalPages == 0) {
            JsonResponses.error(exchange, 404, "not found");
            return;
        }
        JsonResponses.send(exchange, 200, page(query.integer("page", 1, 1)));
    }

    /** The body of page {@code page} (from 1; empty past the last). */
    JsonResponses.Body page(int page) {
        int totalPages = catalog.size().seedPages();
        return json -> {
            json.writeStartObject();
            json.writeNumberProperty("page", page);
            json.writeNumberProperty("total_pages", totalPages);
            json.writeArrayPropertyStart("items");
            int count = page > totalPages ? 0 : catalog.seedItemsOn(page);
            for (int index = 1; index <= count; index++) {
                GeneratedSeedItem item = catalog.seedItem(page, index);
                json.writeStartObject();
                json.writeNumberProperty("id", item.id());
                json.writeStringProperty("title", item.title());
                json.writeNumberProperty("price", item.price());
                json.writeStringProperty("category", item.category());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        };
    }
}
