package dev.pipeline.upstream;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * One endpoint, GET unless made with {@link #post}. It may throw {@link BadRequest}; the router
 * turns that into a 400.
 */
@FunctionalInterface
interface Endpoint {

    void serve(HttpExchange exchange, Query query) throws IOException;

    /** The one HTTP method it answers; the router gives any other a 405. */
    default String method() {
        return "GET";
    }

    /** {@code endpoint}, answering POST instead: for requests that change the server's state. */
    static Endpoint post(Endpoint endpoint) {
        return new Endpoint() {
            @Override
            public void serve(HttpExchange exchange, Query query) throws IOException {
                endpoint.serve(exchange, query);
            }

            @Override
            public String method() {
                return "POST";
            }
        };
    }
}
