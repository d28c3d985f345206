package dev.pipeline.upstream;

/** A request the endpoint cannot serve as asked; the router answers it with a 400. */
final class BadRequest extends RuntimeException {

    BadRequest(String message) {
        super(message, null, false, false);
    }
}
