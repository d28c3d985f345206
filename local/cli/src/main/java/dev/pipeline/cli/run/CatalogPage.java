package dev.pipeline.cli.run;

import java.time.Instant;
import java.util.List;

/**
 * A page of the processor's catalogue ({@code GET /api/catalog}): the latest record of each item,
 * with the run that last saw it.
 *
 * @param json the page as served, for {@code --json}
 */
public record CatalogPage(List<Item> items, String nextCursor, boolean upToDate, int unreadable, String json) {

    /** One item, as much of it as the table shows. */
    public record Item(String key, String title, Double price, String category, String runId, Instant fetchedAt) {}

    CatalogPage withJson(String body) {
        return new CatalogPage(items == null ? List.of() : items, nextCursor, upToDate, unreadable, body);
    }
}
