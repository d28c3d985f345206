package dev.pipeline.upstream;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /search/products}: the catalogue's products paged by the request's JSON body, as
 * search APIs do. The body asks for {@code {"offset": O, "limit": L}}, or for
 * {@code {"cursor": C, "limit": L}} ({@code cursor} null or absent: the first page); the answer
 * is {@code {"products", "total", "offset", "limit", "next_cursor"}}, {@code limit} being how
 * many came back and {@code next_cursor} null on the last page. Both offset and cursor, a
 * cursor that is not this server's, or a body that is no JSON object is a 400.
 */
final class SearchProducts implements Endpoint {

    static final String PATH = "/search/products";

    private final Catalog catalog;

    SearchProducts(Catalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public String method() {
        return "POST";
    }

    @Override
    public void serve(HttpExchange exchange, Query query) throws IOException {
        JsonNode body = JsonRequests.object(exchange);
        int limit = count(body, "limit", DummyJsonProducts.DEFAULT_LIMIT);
        int wanted = limit == 0 ? DummyJsonProducts.MAX_LIMIT : Math.min(limit, DummyJsonProducts.MAX_LIMIT);
        JsonNode cursor = body.path("cursor");
        boolean byCursor = !cursor.isMissingNode() && !cursor.isNull();
        if (byCursor && body.has("offset")) {
            throw new BadRequest("offset and cursor: ask by one of them");
        }
        int offset;
        if (byCursor) {
            if (!cursor.isString()) {
                throw new BadRequest("cursor must be a string");
            }
            try {
                offset = ProductCursors.offset(cursor.asString());
            } catch (IllegalArgumentException e) {
                throw new BadRequest(e.getMessage());
            }
        } else {
            offset = count(body, "offset", 0);
        }
        int total = catalog.size().products();
        int count = (int) Math.clamp((long) total - offset, 0, wanted);
        JsonResponses.send(exchange, 200, json -> {
            json.writeStartObject();
            json.writeArrayPropertyStart("products");
            for (int i = 1; i <= count; i++) {
                DummyJsonProducts.write(json, catalog.product(offset + i));
            }
            json.writeEndArray();
            json.writeNumberProperty("total", total);
            json.writeNumberProperty("offset", offset);
            json.writeNumberProperty("limit", count);
            if (offset + count < total) {
                json.writeStringProperty("next_cursor", ProductCursors.after(offset + count));
            } else {
                json.writeNullProperty("next_cursor");
            }
            json.writeEndObject();
        });
    }

    private static int count(JsonNode body, String field, int absent) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return absent;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
            throw new BadRequest(field + " must be a whole number from 0");
        }
        return value.intValue();
    }
}
