package dev.pipeline.processor.ingest;

import dev.pipeline.common.ProductRecord;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** The task's try a product record names in its {@link ProductRecord#ATTEMPT_HEADER}. */
final class Attempts {

    private Attempts() {}

    /** The try, or {@code null} when the record names none (an older fetcher wrote it). */
    static String of(Headers headers) {
        Header attempt = headers == null ? null : headers.lastHeader(ProductRecord.ATTEMPT_HEADER);
        return attempt == null || attempt.value() == null ? null : new String(attempt.value(), StandardCharsets.UTF_8);
    }
}
