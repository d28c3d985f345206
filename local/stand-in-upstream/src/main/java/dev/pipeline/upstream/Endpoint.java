package dev.pipeline.upstream;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/** One GET endpoint. It may throw {@link BadRequest}; the router turns that into a 400. */
@FunctionalInterface
interface Endpoint {

    void serve(HttpExchange exchange, Query query) throws IOException;
}
