package dev.pipeline.fetcher.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.SourceExpectations;
import dev.pipeline.fetcher.source.Expectations;
import dev.pipeline.fetcher.source.Pagination;
import dev.pipeline.fetcher.source.SourceDefinition;
import dev.pipeline.fetcher.source.Sources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run's start carries the quality gates of its sources that declare any, and only theirs. */
class RunExpectationsTests {

    @Test
    void onlySourcesWithGatesAreCarriedByName() {
        SourceDefinition gated = withExpect("shop", new Expectations(10L, null, 0.25));
        SourceDefinition empty = withExpect("blog", new Expectations(null, null, null));
        SourceDefinition none = SourceDefinition.of("users", "http://h/users", "", Pagination.NONE);

        assertThat(RunLauncher.expectations(List.of(gated, empty, none)))
                .isEqualTo(Map.of("shop", new SourceExpectations(10L, null, 0.25)));
        assertThat(RunLauncher.expectations(List.of(none))).isEmpty();
    }

    private static SourceDefinition withExpect(String name, Expectations expect) {
        return Sources.named(name, "http://h/" + name).expect(expect).build();
    }
}
