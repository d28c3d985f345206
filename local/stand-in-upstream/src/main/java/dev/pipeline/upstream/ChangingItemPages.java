package dev.pipeline.upstream;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /changing/items?limit=L&skip=S&updated_after=T}: the current generation of
 * {@link ChangingItems}, sorted by (updatedAt, id), paged like {@code /dummyjson/products}:
 * {@code {"items":[…],"total":N,"skip":S,"limit":n}}. {@code updated_after} (an ISO-8601
 * instant, exclusive) filters before paging, and {@code total} counts what it kept.
 * {@code delay_ms} (0 to {@value #MAX_DELAY_MS}) answers that much later, read from the current
 * generation after the wait: a run long enough for a test to kill a fetcher in the middle of it.
 */
final class ChangingItemPages implements Endpoint {

    static final String UPDATED_AFTER = "updated_after";
    static final String DELAY_MS = "delay_ms";
    static final int MAX_DELAY_MS = 10_000;

    private final ChangingGenerations generations;

    ChangingItemPages(ChangingGenerations generations) {
        this.generations = generations;
    }

    @Override
    public void serve(HttpExchange exchange, Query query) throws IOException {
        int limit = query.integer("limit", DummyJsonProducts.DEFAULT_LIMIT, 0);
        int skip = query.integer("skip", 0, 0);
        int wanted = limit == 0 ? DummyJsonProducts.MAX_LIMIT : Math.min(limit, DummyJsonProducts.MAX_LIMIT);
        Instant after = query.has(UPDATED_AFTER) ? instant(query.text(UPDATED_AFTER)) : null;
        int delay = query.integer(DELAY_MS, 0, 0);
        if (delay > MAX_DELAY_MS) {
            throw new BadRequest(DELAY_MS + " must be at most " + MAX_DELAY_MS + ", got " + delay);
        }
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // the server is stopping
            }
        }
        List<ChangingItem> items = generations.current().items();
        int from = after == null ? 0 : firstAfter(items, after);
        List<ChangingItem> kept = items.subList(from, items.size());
        int count = (int) Math.clamp((long) kept.size() - skip, 0, wanted);
        JsonResponses.send(exchange, 200, json -> {
            json.writeStartObject();
            json.writeArrayPropertyStart("items");
            for (ChangingItem item : kept.subList(Math.min(skip, kept.size()), Math.min(skip, kept.size()) + count)) {
                json.writeStartObject();
                json.writeNumberProperty("id", item.id());
                json.writeStringProperty("title", item.title());
                // A double like every other stand-in price (12.5, not 12.50); the value is the same.
                json.writeNumberProperty("price", item.price().doubleValue());
                json.writeStringProperty("category", item.category());
                json.writeStringProperty("updatedAt", item.updatedAt().toString());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeNumberProperty("total", kept.size());
            json.writeNumberProperty("skip", skip);
            json.writeNumberProperty("limit", count);
            json.writeEndObject();
        });
    }

    /** The index of the first item updated strictly after {@code cursor}; the items are sorted by updatedAt. */
    static int firstAfter(List<ChangingItem> items, Instant cursor) {
        int low = 0;
        int high = items.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (items.get(middle).updatedAt().isAfter(cursor)) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    private static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeException e) {
            throw new BadRequest(
                    UPDATED_AFTER + " must be an ISO-8601 instant such as 2026-01-01T00:00:00Z, got '" + value + "'");
        }
    }
}
