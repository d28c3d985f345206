package dev.pipeline.common.original;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SourceNamesTests {

    @ParameterizedTest
    @ValueSource(strings = {"a", "shop", "my-api", "my_api", "9lives", "source-12"})
    void aShortLowerCaseTokenIsASourceName(String name) {
        assertThat(SourceNames.isValid(name)).isTrue();
        assertThat(SourceNames.isValid("a".repeat(63))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-shop", "_shop", "Shop", "my api", "shop.json", "ü"})
    void anythingElseIsNot(String name) {
        assertThat(SourceNames.isValid(name)).isFalse();
        assertThat(SourceNames.isValid("a".repeat(64))).isFalse();
        assertThat(SourceNames.isValid(null)).isFalse();
    }

    /** The original's names are free text; each becomes a valid source name, never one the fetcher would refuse. */
    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "DummyJSON;          dummyjson",
                "Reqres Users (v2);  reqres-users-v2",
                "My API!;            my-api",
                "__x__;              x",
                "-_private_-;        private",
                "a_b-c;              a_b-c",
                "Ünïcode;            n-code"
            })
    void theOriginalsNamesAreMadeIntoTokens(String name, String sourceName) {
        assertThat(SourceNames.fromOriginal(name, 0)).isEqualTo(sourceName).matches(SourceNames.PATTERN);
    }

    @Test
    void aNameOfNothingUsableIsNumberedByItsPlace() {
        assertThat(SourceNames.fromOriginal("", 0)).isEqualTo("source-1");
        assertThat(SourceNames.fromOriginal("  ", 4)).isEqualTo("source-5");
        assertThat(SourceNames.fromOriginal("!!!", 1)).isEqualTo("source-2");
        assertThat(SourceNames.fromOriginal("__", 2)).isEqualTo("source-3");
    }

    @Test
    void aLongNameIsCutTo63WithoutASeparatorAtTheEnd() {
        assertThat(SourceNames.fromOriginal("a".repeat(62) + " b", 0)).isEqualTo("a".repeat(62));
        assertThat(SourceNames.fromOriginal("b".repeat(100), 0)).isEqualTo("b".repeat(63));
    }
}
