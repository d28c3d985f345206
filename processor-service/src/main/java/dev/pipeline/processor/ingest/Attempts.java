package dev.pipeline.processor.ingest;

import dev.pipeline.common.ProductRecord;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** The task's try a product record names in its {@link ProductRecord#ATTEMPT_HEADER}. */
final class Attempts {

    /**
     * The last try read and its text: the records of a task's try come in a row, so most records name
     * the try the one before named, and get the same string (no decoding, and its hash already known
     * where it is counted). Shared by the consumer threads without a lock: a thread reads either
     * pair whole (final fields), and a stale or overwritten one only means decoding again.
     */
    private static Last last = new Last(new byte[0], "");

    private record Last(byte[] bytes, String text) {}

    private Attempts() {}

    /** The try, or {@code null} when the record names none (an older fetcher wrote it). */
    static String of(Headers headers) {
        Header attempt = headers == null ? null : headers.lastHeader(ProductRecord.ATTEMPT_HEADER);
        byte[] value = attempt == null ? null : attempt.value();
        if (value == null) {
            return null;
        }
        Last seen = last;
        if (Arrays.equals(value, seen.bytes())) {
            return seen.text();
        }
        String text = new String(value, StandardCharsets.UTF_8);
        last = new Last(value, text);
        return text;
    }
}
