package dev.pipeline.upstream;

import java.util.Objects;

/**
 * What a stand-in upstream serves.
 *
 * @param size   how many items of each kind
 * @param seed   the same seed always yields the same items
 * @param apiKey the {@code x-api-key} the Reqres shape demands; {@code null} or blank turns the
 *               check off
 */
public record Settings(CatalogSize size, long seed, String apiKey) {

    public static final long DEFAULT_SEED = 42;
    public static final String DEFAULT_API_KEY = "reqres-free-v1";

    public Settings {
        Objects.requireNonNull(size, "size");
    }

    /** Default sizes, seed 42, and Reqres's free-tier key. */
    public static Settings defaults() {
        return new Settings(CatalogSize.defaults(), DEFAULT_SEED, DEFAULT_API_KEY);
    }

    /** The same settings with other sizes: what a benchmark usually varies. */
    public Settings withSize(CatalogSize newSize) {
        return new Settings(newSize, seed, apiKey);
    }

    boolean requiresApiKey() {
        return apiKey != null && !apiKey.isBlank();
    }
}
