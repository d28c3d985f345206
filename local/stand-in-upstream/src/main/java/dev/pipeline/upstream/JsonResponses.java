package dev.pipeline.upstream;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;

/** Writes JSON responses straight from a generator, item by item, without building a tree. */
final class JsonResponses {

    /** Writes one response body. */
    @FunctionalInterface
    interface Body {
        void writeTo(JsonGenerator json);
    }

    // The body decides when the exchange is sent (ResponseBody.finish), not the generator.
    private static final JsonFactory FACTORY =
            JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private JsonResponses() {}

    static void send(HttpExchange exchange, int status, Body body) throws IOException {
        jsonContentType(exchange);
        ResponseBody out = new ResponseBody(exchange, status);
        try (JsonGenerator json = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            body.writeTo(json);
        }
        out.finish();
    }

    /** The bytes {@link #send} would send for {@code body}: the same generator, so the same bytes. */
    static byte[] render(Body body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(8 * 1024);
        try (JsonGenerator json = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            body.writeTo(json);
        }
        return out.toByteArray();
    }

    static void error(HttpExchange exchange, int status, String message) throws IOException {
        send(exchange, status, json -> {
            json.writeStartObject();
            json.writeStringProperty("error", message);
            json.writeEndObject();
        });
    }

    /** Sends bytes as they are, labelled as JSON: how the faulty API serves broken bodies. */
    static void raw(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        jsonContentType(exchange);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void jsonContentType(HttpExchange exchange) {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
    }
}
