package dev.pipeline.common.original;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The original's {@code args.json}: a JSON array of {@code {"url", "name", "paged", "headers"}}. */
public final class OriginalArgsFile {

    private OriginalArgsFile() {}

    /**
     * Its endpoints, in the file's order.
     *
     * @throws InvalidSourceInput saying what is wrong with the file, or with which entry
     */
    public static List<OriginalEndpoint> read(Path file) {
        return entries(JsonFiles.read(file));
    }

    /** @throws InvalidSourceInput as {@link #read} */
    public static List<OriginalEndpoint> entries(JsonNode file) {
        if (!file.isArray()) {
            throw InvalidSourceInput.itself("is not a JSON array of {\"url\", \"name\", \"paged\", \"headers\"}");
        }
        if (file.isEmpty()) {
            throw InvalidSourceInput.itself("names no endpoint (an empty array)");
        }
        List<OriginalEndpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < file.size(); i++) {
            try {
                endpoints.add(OriginalEndpoint.fromArgsEntry(file.get(i)));
            } catch (InvalidSourceInput e) {
                throw e.atEntry(i);
            }
        }
        return endpoints;
    }
}
