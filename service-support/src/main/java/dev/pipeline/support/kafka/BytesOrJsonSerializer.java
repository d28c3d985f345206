package dev.pipeline.support.kafka;

import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;

/**
 * The value serializer of both services' dead letters: a value that could not be read reaches the
 * recoverer as the bytes it came as, and is sent on as those bytes (not base64 in a JSON string);
 * anything else, a record that was read, is JSON without type headers, as every value the
 * services write. So one template can write a service's records and its dead letters alike.
 */
public final class BytesOrJsonSerializer extends DelegatingByTypeSerializer {

    public BytesOrJsonSerializer() {
        super(
                Map.of(
                        byte[].class,
                        new ByteArraySerializer(),
                        Object.class,
                        new JacksonJsonSerializer<>().noTypeInfo()),
                true);
    }
}
