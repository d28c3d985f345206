package dev.pipeline.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FetchStateTests {

    @Test
    void readsEachStateFromItsWireValue() {
        for (FetchState state : FetchState.values()) {
            assertThat(FetchState.parse(state.name())).contains(state);
        }
    }

    /** A state a newer fetcher may add, or none at all: no state of this build, so a reader can go on. */
    @Test
    void readsAValueItDoesNotKnowAsNone() {
        assertThat(FetchState.parse("PAUSED")).isEmpty();
        assertThat(FetchState.parse("running")).isEmpty();
        assertThat(FetchState.parse(null)).isEmpty();
    }
}
