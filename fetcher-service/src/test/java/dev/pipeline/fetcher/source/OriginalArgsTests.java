package dev.pipeline.fetcher.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The original's endpoints as sources: its paged flag in every form it took, and what it makes of a page. */
class OriginalArgsTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String EXPECTED = "must be true/false, yes/no, on/off or an integer (0 is false)";
    private static final String PAGED_URL = "http://api.test/items?page={page}";

    @ParameterizedTest
    @MethodSource("dev.pipeline.fetcher.source.PagedForms#texts")
    void theUrlOptionReadsPagedAsTheSharedTableSays(PagedForms form) {
        String text = form.value().stringValue();
        String option = PAGED_URL + "|shop|" + text;
        if (form.refused()) {
            assertThatIllegalArgumentException().isThrownBy(() -> OriginalArgs.fromUrlOption(option))
                    .withMessage("paged " + EXPECTED + ", not '" + text + "'");
        } else {
            assertThat(OriginalArgs.fromUrlOption(option).paged()).isEqualTo(form.paged());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pipeline.fetcher.source.PagedForms#all")
    void theArgsFileReadsPagedAsTheSharedTableSays(PagedForms form) {
        JsonNode file = argsFile(form.value());
        if (form.refused()) {
            assertThatIllegalArgumentException().isThrownBy(() -> OriginalArgs.fromArgsFile(file))
                    .withMessage("args file entry 0: \"paged\" " + EXPECTED + ", not " + form.described());
        } else {
            assertThat(OriginalArgs.fromArgsFile(file)).singleElement()
                    .extracting(OriginalArgs::paged).isEqualTo(form.paged());
        }
    }

    @Test
    void aRefusedArgsFileValueIsNamedWithoutEchoingAnObject() {
        assertThatIllegalArgumentException().isThrownBy(() -> OriginalArgs.fromArgsFile(argsFile(JSON.readTree("\"maybe\""))))
                .withMessage("args file entry 0: \"paged\" " + EXPECTED + ", not 'maybe'");
        assertThatIllegalArgumentException().isThrownBy(() -> OriginalArgs.fromArgsFile(argsFile(JSON.readTree("1.5"))))
                .withMessage("args file entry 0: \"paged\" " + EXPECTED + ", not 1.5");
        assertThatIllegalArgumentException().isThrownBy(() -> OriginalArgs.fromArgsFile(
                        argsFile(JSON.readTree("{\"secret\": \"s3cr3t\"}"))))
                .withMessage("args file entry 0: \"paged\" " + EXPECTED + ", not an object");
    }

    @Test
    void pagedLeftOutIsNotPaged() {
        assertThat(OriginalArgs.fromUrlOption(PAGED_URL + "|shop").paged()).isFalse();
        assertThat(OriginalArgs.fromUrlOption(PAGED_URL).paged()).isFalse();
        JsonNode file = JSON.readTree("[{\"url\": \"" + PAGED_URL + "\"}]");
        assertThat(OriginalArgs.fromArgsFile(file)).singleElement().extracting(OriginalArgs::paged).isEqualTo(false);
    }

    /** Template paging only when paged and the URL has somewhere to put the page: as the original. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "http://api.test/items?page={page}|shop|1;    template",
            "http://api.test/items?skip={skip}|shop|TRUE; template",
            "http://api.test/items?page={page}|shop|0;    none",
            "http://api.test/items|shop|1;                none"})
    void theUrlOptionsPagedFlagChoosesThePaging(String option, String kind) {
        assertThat(OriginalArgs.fromUrlOption(option).asSourceProperties(0)).containsEntry("pagination.kind", kind);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "1;     template",
            "\"0\"; none",
            "\"yes\"; template",
            "0;     none"})
    void theArgsFilesPagedFlagChoosesThePaging(String paged, String kind) {
        OriginalArgs endpoint = OriginalArgs.fromArgsFile(argsFile(JSON.readTree(paged))).getFirst();

        assertThat(endpoint.asSourceProperties(0)).containsEntry("pagination.kind", kind);
    }

    /** The original took a page without items (httpbin's echo) as a page of none, not as a fault. */
    @Test
    void itsPagesNeedNotHoldAnItemArray() {
        assertThat(OriginalArgs.fromUrlOption("http://api.test/delay/1|httpbin|0").asSourceProperties(0))
                .containsEntry("items[0]", "").containsEntry("items[1]", "/data").containsEntry("items[2]", "/products")
                .containsEntry("items-required", "false");
    }

    private static JsonNode argsFile(JsonNode paged) {
        ArrayNode file = JSON.createArrayNode();
        ObjectNode entry = file.addObject().put("url", PAGED_URL).put("name", "shop");
        entry.set("paged", paged);
        return file;
    }
}
