package dev.pipeline.upstream;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import tools.jackson.core.JsonGenerator;

/**
 * {@code GET /dummyjson/products?limit=L&skip=S}: offset pagination in DummyJSON's shape. The
 * body's {@code limit} is how many came back, so a short last page says so; {@code limit=0}
 * means "all", capped like every other limit at {@value #MAX_LIMIT}.
 */
final class DummyJsonProducts implements Endpoint {

    static final int DEFAULT_LIMIT = 30;
    static final int MAX_LIMIT = 1000;

    private final Catalog catalog;

    DummyJsonProducts(Catalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void serve(HttpExchange exchange, Query query) throws IOException {
        int limit = query.integer("limit", DEFAULT_LIMIT, 0);
        int skip = query.integer("skip", 0, 0);
        int wanted = limit == 0 ? MAX_LIMIT : Math.min(limit, MAX_LIMIT);
        JsonResponses.send(exchange, 200, page(wanted, skip));
    }

    /** The body of the page of at most {@code limit} products after the first {@code skip}. */
    JsonResponses.Body page(int limit, int skip) {
        int total = catalog.size().products();
        int count = (int) Math.clamp((long) total - skip, 0, limit);
        return json -> {
            json.writeStartObject();
            json.writeArrayPropertyStart("products");
            for (int i = 1; i <= count; i++) {
                write(json, catalog.product(skip + i));
            }
            json.writeEndArray();
            json.writeNumberProperty("total", total);
            json.writeNumberProperty("skip", skip);
            json.writeNumberProperty("limit", count);
            json.writeEndObject();
        };
    }

    /** One product in DummyJSON's shape; the search endpoint writes its products so too. */
    static void write(JsonGenerator json, GeneratedProduct product) {
        json.writeStartObject();
        json.writeNumberProperty("id", product.id());
        json.writeStringProperty("title", product.title());
        json.writeStringProperty("description", product.description());
        json.writeStringProperty("category", product.category());
        json.writeNumberProperty("price", product.price());
        json.writeNumberProperty("discountPercentage", product.discountPercentage());
        json.writeNumberProperty("rating", product.rating());
        json.writeNumberProperty("stock", product.stock());
        if (product.brand() != null) {
            json.writeStringProperty("brand", product.brand());
        }
        json.writeStringProperty("sku", product.sku());
        json.writeArrayPropertyStart("tags");
        for (String tag : product.tags()) {
            json.writeString(tag);
        }
        json.writeEndArray();
        json.writeObjectPropertyStart("dimensions");
        json.writeNumberProperty("width", product.dimensions().width());
        json.writeNumberProperty("height", product.dimensions().height());
        json.writeNumberProperty("depth", product.dimensions().depth());
        json.writeEndObject();
        json.writeEndObject();
    }
}
