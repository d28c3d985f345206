package dev.pipeline.common.original;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A file of sources read as JSON (an args file, a sources file), each way it can fail said plainly. */
public final class JsonFiles {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonFiles() {}

    /** @throws InvalidSourceInput when it is missing, not a file, unreadable, empty or not JSON */
    public static JsonNode read(Path file) {
        if (!Files.exists(file)) {
            throw InvalidSourceInput.part("no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw InvalidSourceInput.itself("is not a file");
        }
        if (!Files.isReadable(file)) {
            throw InvalidSourceInput.itself("cannot be read (permission denied)");
        }
        try {
            JsonNode json = JSON.readTree(Files.readString(file));
            if (json == null || json.isMissingNode()) {
                throw InvalidSourceInput.itself("is empty");
            }
            return json;
        } catch (IOException e) {
            throw InvalidSourceInput.itself("cannot be read: " + e);
        } catch (JacksonException e) {
            throw InvalidSourceInput.itself("is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
