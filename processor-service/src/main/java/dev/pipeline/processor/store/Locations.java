package dev.pipeline.processor.store;

import java.net.URI;
import java.nio.file.Path;

/**
 * A {@link Stored#location()} as the processor shows it to people and clients (a run's status, the
 * failure webhook): a file of this host as its absolute path, as before there were other stores (the
 * CLI reads that path), anything else as its URI ({@code s3://bucket/prefix/<runId>.json}).
 */
public final class Locations {

    private static final String FILE = "file:";

    private Locations() {}

    /** {@code null} for {@code null}. */
    public static String shown(String location) {
        if (location == null || !location.startsWith(FILE)) {
            return location;
        }
        return Path.of(URI.create(location)).toString();
    }
}
