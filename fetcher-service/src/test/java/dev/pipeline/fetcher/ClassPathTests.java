package dev.pipeline.fetcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.util.ClassUtils;

/** What the fetcher's class path must not hold, because of what it costs every start. */
class ClassPathTests {

    /**
     * With AspectJ present, resilience4j's Spring Boot module registers its annotation aspects, and
     * Spring matches every method of every bean against them as the context starts: 18 % of the
     * fetcher's start-up (BENCHMARKS.md, tenth round). Nothing here uses those annotations:
     * {@code SourceGuards} takes each source's guards from the registries.
     */
    @Test
    void aspectJIsNotOnTheClassPath() {
        assertThat(ClassUtils.isPresent("org.aspectj.lang.annotation.Aspect", null))
                .as("AspectJ on the fetcher's class path")
                .isFalse();
    }
}
