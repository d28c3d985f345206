package dev.pipeline.processor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.PipelineJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/** The string given is always the parser's own text; the same {@code String} only when the text is the same. */
class RecentStringTests {

    @Test
    void givesTheParsersTextAndTheSameStringForTheSameText() {
        List<String> values = List.of(
                "run-1",
                "run-1",
                "run-2",
                "run-2",
                "",
                "",
                "run-1",
                "r\\u00e9n-1",
                "r\\u00e9n-1",
                "rén-1",
                "\\ud83d\\ude00",
                "😀",
                "run-10",
                "run-1",
                "a\\\"b",
                "a\\\"b");
        RecentString recent = new RecentString();
        String previous = null;
        String previousText = null;
        for (String value : values) {
            // bytes, as records are read, and the parser's token not yet finished when given to it
            byte[] record = ("\"" + value + "\"").getBytes(StandardCharsets.UTF_8);
            try (JsonParser in = PipelineJson.mapper().createParser(record)) {
                assertThat(in.nextToken()).isEqualTo(JsonToken.VALUE_STRING);
                String given = recent.of(in);
                String text = in.getString();
                assertThat(given).isEqualTo(text);
                if (text.equals(previousText)) {
                    assertThat(given).isSameAs(previous);
                } else {
                    assertThat(given).isNotSameAs(previous);
                }
                previous = given;
                previousText = text;
            }
        }
    }
}
