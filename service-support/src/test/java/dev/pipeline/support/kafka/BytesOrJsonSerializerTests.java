package dev.pipeline.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class BytesOrJsonSerializerTests {

    record Item(String id, double price) {}

    private final BytesOrJsonSerializer serializer = new BytesOrJsonSerializer();

    @Test
    void bytesThatCouldNotBeReadAreSentAsTheyCame() {
        byte[] unreadable = "{\"id\": not json".getBytes(StandardCharsets.UTF_8);
        RecordHeaders headers = new RecordHeaders();

        assertThat(serializer.serialize("t.DLT", headers, unreadable)).isEqualTo(unreadable);
        assertThat(headers.toArray()).isEmpty();
    }

    @Test
    void anythingElseIsJsonWithoutTypeHeadersAlsoOnceAProducerHasConfiguredIt() {
        serializer.configure(Map.of(), false);
        RecordHeaders headers = new RecordHeaders();

        assertThat(new String(serializer.serialize("t.DLT", headers, new Item("a", 1.5)), StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":\"a\",\"price\":1.5}");
        assertThat(headers.toArray()).isEmpty();
    }
}
