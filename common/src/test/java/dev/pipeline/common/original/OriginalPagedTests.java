package dev.pipeline.common.original;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The original's paged flag in every form it took, from the table {@code original-paged.txt}: read
 * alone, and as the third part of a {@code --url} and an args file entry's {@code "paged"}.
 */
class OriginalPagedTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String EXPECTED = "must be true/false, yes/no, on/off or an integer (0 is false)";
    private static final String PAGED_URL = "http://api.test/items?page={page}";

    @ParameterizedTest
    @MethodSource("dev.pipeline.common.original.PagedForms#texts")
    void textIsReadAsTheTableSays(PagedForms form) {
        String text = form.value().stringValue();
        if (form.refused()) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> OriginalPaged.fromText(text))
                    .withMessage(EXPECTED + ", not '" + text + "'");
        } else {
            assertThat(OriginalPaged.fromText(text)).isEqualTo(form.paged());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pipeline.common.original.PagedForms#all")
    void jsonIsReadAsTheTableSays(PagedForms form) {
        if (form.refused()) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> OriginalPaged.fromJson(form.value()))
                    .withMessage(EXPECTED + ", not " + form.described());
        } else {
            assertThat(OriginalPaged.fromJson(form.value())).isEqualTo(form.paged());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pipeline.common.original.PagedForms#texts")
    void theUrlOptionReadsPagedAsTheTableSays(PagedForms form) {
        String text = form.value().stringValue();
        String option = PAGED_URL + "|shop|" + text;
        if (form.refused()) {
            assertThatExceptionOfType(InvalidSourceInput.class)
                    .isThrownBy(() -> OriginalEndpoint.fromUrlOption(option))
                    .satisfies(e -> assertThat(e.in("--url '" + option + "'"))
                            .isEqualTo("--url '" + option + "': paged " + EXPECTED + ", not '" + text + "'"));
        } else {
            assertThat(OriginalEndpoint.fromUrlOption(option).paged()).isEqualTo(form.paged());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pipeline.common.original.PagedForms#all")
    void theArgsFileReadsPagedAsTheTableSays(PagedForms form) {
        JsonNode file = argsFile(form.value());
        if (form.refused()) {
            assertThatExceptionOfType(InvalidSourceInput.class)
                    .isThrownBy(() -> OriginalArgsFile.entries(file))
                    .satisfies(e -> assertThat(e.in("args.json"))
                            .isEqualTo("args.json, entry 1: \"paged\" " + EXPECTED + ", not " + form.described()));
        } else {
            assertThat(OriginalArgsFile.entries(file))
                    .singleElement()
                    .extracting(OriginalEndpoint::paged)
                    .isEqualTo(form.paged());
        }
    }

    @Test
    void aRefusedArgsFileValueIsNamedWithoutEchoingAnObject() {
        assertThat(refusal(JSON.readTree("\"maybe\"")))
                .isEqualTo("a.json, entry 1: \"paged\" " + EXPECTED + ", not 'maybe'");
        assertThat(refusal(JSON.readTree("1.5"))).isEqualTo("a.json, entry 1: \"paged\" " + EXPECTED + ", not 1.5");
        assertThat(refusal(JSON.readTree("{\"secret\": \"s3cr3t\"}")))
                .isEqualTo("a.json, entry 1: \"paged\" " + EXPECTED + ", not an object");
    }

    @Test
    void pagedLeftOutOrNullIsNotPaged() {
        assertThat(OriginalEndpoint.fromUrlOption(PAGED_URL + "|shop").paged()).isFalse();
        assertThat(OriginalEndpoint.fromUrlOption(PAGED_URL).paged()).isFalse();
        JsonNode file =
                JSON.readTree("[{\"url\": \"" + PAGED_URL + "\"}, {\"url\": \"" + PAGED_URL + "\", \"paged\": null}]");
        assertThat(OriginalArgsFile.entries(file))
                .extracting(OriginalEndpoint::paged)
                .isEqualTo(List.of(false, false));
    }

    private static String refusal(JsonNode paged) {
        try {
            OriginalArgsFile.entries(argsFile(paged));
        } catch (InvalidSourceInput e) {
            return e.in("a.json");
        }
        throw new AssertionError("taken: " + paged);
    }

    private static JsonNode argsFile(JsonNode paged) {
        ArrayNode file = JSON.createArrayNode();
        ObjectNode entry = file.addObject().put("url", PAGED_URL).put("name", "shop");
        entry.set("paged", paged);
        return file;
    }
}
