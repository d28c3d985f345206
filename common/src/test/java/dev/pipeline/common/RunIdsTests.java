package dev.pipeline.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RunIdsTests {

    @Test
    void aNewIdIsValidAndSortsByTime() {
        String earlier = RunIds.newId(Instant.parse("2026-11-23T10:00:00Z"));
        String later = RunIds.newId(Instant.parse("2026-11-23T11:00:00Z"));
        assertThat(RunIds.isValid(earlier)).isTrue();
        assertThat(earlier).startsWith("run-20261123T100000Z-").isLessThan(later);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "run-1", "A_b-9", "x123456789012345678901234567890123456789012345678901234567890123"})
    void acceptsSafeFileNames(String runId) {
        assertThat(RunIds.isValid(runId)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "-run",
                "_run",
                "../etc",
                "run/1",
                "run.json",
                "run 1",
                "ü",
                "x1234567890123456789012345678901234567890123456789012345678901234"
            })
    void refusesAnythingThatIsNotASafeFileName(String runId) {
        assertThat(RunIds.isValid(runId)).isFalse();
    }

    @Test
    void refusesNull() {
        assertThat(RunIds.isValid(null)).isFalse();
    }
}
