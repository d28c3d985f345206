package dev.pipeline.common.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportStateTests {

    @Test
    void readsEachStateFromItsWireValue() {
        for (ReportState state : ReportState.values()) {
            assertThat(ReportState.parse(state.name())).contains(state);
        }
    }

    /** A state a newer processor may add, or none at all: no state of this build, so a reader can go on. */
    @Test
    void readsAValueItDoesNotKnowAsNone() {
        assertThat(ReportState.parse("ARCHIVED")).isEmpty();
        assertThat(ReportState.parse("complete")).isEmpty();
        assertThat(ReportState.parse(null)).isEmpty();
    }
}
