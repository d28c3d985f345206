package dev.pipeline.common.original;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpUrlsTests {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:8080",
                "https://api.test/items?x=1",
                "HTTP://api.test",
                "http://user:pw@api.test/"
            })
    void absoluteHttpUrlsWithAHost(String url) {
        assertThat(HttpUrls.isAbsoluteHttp(url)).isTrue();
        assertThat(HttpUrls.isSourceUrl(url)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "api.test/items",
                "/just/a/path",
                "ftp://api.test",
                "http://",
                "http:///x",
                "http://a b/",
                "localhost:8080"
            })
    void notAnythingElse(String url) {
        assertThat(HttpUrls.isAbsoluteHttp(url)).isFalse();
        assertThat(HttpUrls.isSourceUrl(url)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://api.test/items?page={page}", "http://api.test/items?skip={skip}&limit=50"})
    void aSourceUrlMayHoldTheOriginalsPlaceholders(String url) {
        assertThat(HttpUrls.isSourceUrl(url)).isTrue();
        assertThat(HttpUrls.isAbsoluteHttp(url)).isFalse();
        assertThat(HttpUrls.isSourceUrl(null)).isFalse();
    }
}
