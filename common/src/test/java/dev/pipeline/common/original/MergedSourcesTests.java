package dev.pipeline.common.original;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A start's sources: a sources file's as they are, then the original's, each URL once, each name once. */
class MergedSourcesTests {

    @Test
    void endpointsAreNamedByTheirPlaceAfterTheSourcesFilesSources() {
        MergedSources merged = new MergedSources();
        merged.addSource("catalog", "http://api.test/products", "sources.json, source 1");

        assertThat(merged.addEndpoint(endpoint("http://api.test/posts", "My Posts"), "a"))
                .contains(endpoint("http://api.test/posts", "my-posts"));
        assertThat(merged.addEndpoint(endpoint("http://api.test/users", ""), "b"))
                .contains(endpoint("http://api.test/users", "source-3"));
        assertThat(merged.names()).containsExactly("catalog", "my-posts", "source-3");
    }

    @Test
    void anEndpointWhoseUrlWasGivenBeforeIsLeftOut() {
        MergedSources merged = new MergedSources();
        merged.addSource("catalog", "http://api.test/products", "sources.json, source 1");

        assertThat(merged.addEndpoint(endpoint("http://api.test/products", "dummy"), "a"))
                .isEmpty();
        assertThat(merged.addEndpoint(endpoint("http://api.test/posts", "posts"), "b"))
                .isPresent();
        assertThat(merged.addEndpoint(endpoint("http://api.test/posts", "again"), "c"))
                .isEmpty();
        assertThat(merged.names()).containsExactly("catalog", "posts");
    }

    @Test
    void twoSourcesThatWouldHaveOneNameAreRefusedNamingBoth() {
        MergedSources merged = new MergedSources();
        merged.addEndpoint(endpoint("http://a.test/x", "Shop"), "--url 'http://a.test/x|Shop'");

        assertThatExceptionOfType(DuplicateSourceName.class)
                .isThrownBy(
                        () -> merged.addEndpoint(endpoint("http://b.test/y", "shop"), "--url 'http://b.test/y|shop'"))
                .withMessage("two sources would be named 'shop' (--url 'http://a.test/x|Shop' and "
                        + "--url 'http://b.test/y|shop'); give them different names");
    }

    @Test
    void aSourcesFilesNameCountsToo() {
        MergedSources merged = new MergedSources();
        merged.addSource("shop", "http://a.test/x", "sources.json, source 1");

        assertThatExceptionOfType(DuplicateSourceName.class)
                .isThrownBy(() -> merged.addSource("shop", "http://a.test/y", "sources.json, source 2"))
                .withMessageContaining("(sources.json, source 1 and sources.json, source 2)");
        assertThatExceptionOfType(DuplicateSourceName.class)
                .isThrownBy(() -> merged.addEndpoint(endpoint("http://b.test/y", "SHOP"), "args.json, entry 1"))
                .withMessageContaining("(sources.json, source 1 and args.json, entry 1)");
    }

    @Test
    void aSourceWithoutANameIsCountedButLeftToItsOwnValidation() {
        MergedSources merged = new MergedSources();
        merged.addSource(null, "http://a.test/x", "sources.json, source 1");

        assertThat(merged.addEndpoint(endpoint("http://b.test/y", ""), "b"))
                .contains(endpoint("http://b.test/y", "source-2"));
        assertThat(merged.names()).containsExactly("source-2");
    }

    private static OriginalEndpoint endpoint(String url, String name) {
        return new OriginalEndpoint(url, name, false, Map.of());
    }
}
