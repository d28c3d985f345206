package dev.pipeline.upstream;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A POST's JSON body, read up to a bound: a client cannot make the stand-in hold more. */
final class JsonRequests {

    /** Far more than a page's query needs. */
    static final int MAX_BYTES = 256 * 1024;

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private JsonRequests() {}

    /**
     * The body as a JSON object.
     *
     * @throws BadRequest when it is too large, not JSON, or not an object
     */
    static JsonNode object(HttpExchange exchange) throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            throw new BadRequest("request body over " + MAX_BYTES + " bytes");
        }
        try {
            JsonNode body = MAPPER.readTree(bytes);
            if (body == null || !body.isObject()) {
                throw new BadRequest("request body must be a JSON object");
            }
            return body;
        } catch (JacksonException e) {
            throw new BadRequest("request body is not JSON");
        }
    }
}
