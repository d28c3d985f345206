package dev.pipeline.upstream;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonGenerator;

/**
 * {@code GET /jsonplaceholder/posts}: a bare array of every post, as JSONPlaceholder serves it,
 * or json-server's page slice with {@code ?_page=N&_limit=L}, which adds {@code X-Total-Count}
 * and an RFC 8288 {@code Link} header (first, prev, next, last) for link-following clients.
 * {@code _limit} alone gives the first L posts and the total, without links.
 */
final class JsonPlaceholderPosts implements Endpoint {

    /** json-server's page size when {@code _page} comes without {@code _limit}. */
    static final int DEFAULT_PAGE_LIMIT = 10;

    private final Catalog catalog;

    JsonPlaceholderPosts(Catalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void serve(HttpExchange exchange, Query query) throws IOException {
        int total = catalog.size().posts();
        if (query.has("_page")) {
            int page = query.integer("_page", 1, 1);
            int limit = query.integer("_limit", DEFAULT_PAGE_LIMIT, 1);
            Headers headers = exchange.getResponseHeaders();
            headers.set("X-Total-Count", Integer.toString(total));
            headers.set("Link", links(exchange, page, limit, total));
            send(exchange, (long) (page - 1) * limit, limit, total);
        } else if (query.has("_limit")) {
            int limit = query.integer("_limit", total, 1);
            exchange.getResponseHeaders().set("X-Total-Count", Integer.toString(total));
            send(exchange, 0, limit, total);
        } else {
            send(exchange, 0, total, total);
        }
    }

    private void send(HttpExchange exchange, long from, int limit, int total) throws IOException {
        int first = (int) Math.min(from, total);
        int count = (int) Math.clamp((long) total - first, 0, limit);
        JsonResponses.send(exchange, 200, json -> {
            json.writeStartArray();
            for (int i = 1; i <= count; i++) {
                write(json, catalog.post(first + i));
            }
            json.writeEndArray();
        });
    }

    private static String links(HttpExchange exchange, int page, int limit, int total) {
        String base = RequestUrls.origin(exchange) + exchange.getRequestURI().getRawPath() + "?_page=";
        int last = Math.max(1, (int) ((total + (long) limit - 1) / limit));
        List<String> links = new ArrayList<>(4);
        links.add(link(base, 1, limit, "first"));
        if (page > 1) {
            links.add(link(base, page - 1, limit, "prev"));
        }
        if (page < last) {
            links.add(link(base, page + 1, limit, "next"));
        }
        links.add(link(base, last, limit, "last"));
        return String.join(", ", links);
    }

    private static String link(String base, int page, int limit, String rel) {
        return "<" + base + page + "&_limit=" + limit + ">; rel=\"" + rel + "\"";
    }

    private static void write(JsonGenerator json, GeneratedPost post) {
        json.writeStartObject();
        json.writeNumberProperty("userId", post.userId());
        json.writeNumberProperty("id", post.id());
        json.writeStringProperty("title", post.title());
        json.writeStringProperty("body", post.body());
        json.writeEndObject();
    }
}
