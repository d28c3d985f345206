package dev.pipeline.cli.stack;

import java.net.URI;

/**
 * How processor number {@code instance} (from 1) reaches the stack's object store: at its endpoint
 * ({@link #DIRECT}), or through something in between, such as a test's relay that holds a request
 * to make "in the middle of writing a report" a moment a test can act in.
 */
@FunctionalInterface
public interface ObjectStoreRoute {

    ObjectStoreRoute DIRECT = (instance, store) -> store;

    /** The endpoint processor {@code instance} is given, for the store at {@code store}. */
    URI endpointFor(int instance, URI store);
}
