package dev.pipeline.common;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The JSON settings both services read and write the wire records with. */
public final class PipelineJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            // A newer writer may add fields; an older reader keeps going.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private PipelineJson() {}

    public static JsonMapper mapper() {
        return MAPPER;
    }
}
