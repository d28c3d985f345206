package dev.pipeline.processor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.ProductRecord;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** The try a record names, the same text however the records of tries alternate. */
class AttemptsTests {

    private static RecordHeaders named(String attempt) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ProductRecord.ATTEMPT_HEADER, attempt.getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    @Test
    void readsTheTryEachRecordNames() {
        String[] tries = {"1", "1", "2", "1", "ü-3", "ü-3", "", "2"};
        for (String attempt : tries) {
            assertThat(Attempts.of(named(attempt))).isEqualTo(attempt);
        }
        assertThat(Attempts.of(named("7"))).isSameAs(Attempts.of(named("7")));
        assertThat(Attempts.of(new RecordHeaders())).isNull();
        assertThat(Attempts.of(null)).isNull();
    }
}
