package dev.pipeline.common.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ReportParserTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void handsOverEachSectionAndSkipsKeysItDoesNotKnow() {
        List<String> seen = new ArrayList<>();
        read("""
                {"summary": {"run_id": "r"}, "later": {"x": [1, {"summary": 2}]},
                 "products": [{"id": "1", "source": "a", "nested": {"source": "no"}}, 7, {"id": "2"}],
                 "errors": [{"source": "b"}], "metrics": {"source_request_counts": {"a": 1}}}""", new ReportParser.Sections() {
            @Override
            public void summary(JsonNode summary) {
                seen.add("summary " + summary.path(ReportKeys.Summary.RUN_ID).asString());
            }

            @Override
            public void products(JsonParser parser) {
                ReportParser.forEachObject(
                        parser,
                        row -> seen.add("product "
                                + ((JsonNode) row.readValueAsTree()).path("id").asString()));
            }

            @Override
            public void metrics(JsonNode metrics) {
                seen.add("metrics "
                        + metrics.path(ReportKeys.Metrics.SOURCE_REQUEST_COUNTS)
                                .path("a")
                                .asInt());
            }
        });

        assertThat(seen).containsExactly("summary r", "product 1", "product 2", "metrics 1");
    }

    @Test
    void aFileThatIsNoObjectOrHasNoSummaryObjectIsNoReport() {
        assertThatThrownBy(() -> read("[1, 2]", new ReportParser.Sections() {}))
                .isInstanceOf(ReportParser.NotAReport.class)
                .hasMessage("it is not a JSON object");
        assertThatThrownBy(() -> read("{\"products\": []}", new ReportParser.Sections() {}))
                .isInstanceOf(ReportParser.NotAReport.class)
                .hasMessage("it has no summary");
        assertThatThrownBy(() -> read("{\"summary\": 5}", new ReportParser.Sections() {}))
                .isInstanceOf(ReportParser.NotAReport.class)
                .hasMessage("it has no summary");
    }

    @Test
    void handsOverTheQualitySectionOfARunWithGates() {
        List<String> seen = new ArrayList<>();
        read("""
                {"summary": {"run_id": "r"}, "quality": {"degraded": true, "gates": []}, "products": []}""", new ReportParser.Sections() {
            @Override
            public void quality(JsonNode quality) {
                seen.add("degraded " + quality.path(ReportKeys.Quality.DEGRADED).asBoolean());
            }
        });

        assertThat(seen).containsExactly("degraded true");
    }

    @Test
    void theHeadIsReadWithoutReadingPastTheChangesAndLacksWhatTheReportLacks() {
        try (JsonParser parser = JSON.createParser("""
                {"summary": {"run_id": "r"}, "quality": {"degraded": false}, "changes": {"incremental": ["a"]},
                 "products": [this is not JSON at all""")) {
            ReportParser.Head head = ReportParser.head(parser);
            assertThat(head.summary().path(ReportKeys.Summary.RUN_ID).asString())
                    .isEqualTo("r");
            assertThat(head.quality().path(ReportKeys.Quality.DEGRADED).asBoolean(true))
                    .isFalse();
            assertThat(head.changes()
                            .path(ReportKeys.Changes.INCREMENTAL)
                            .get(0)
                            .asString())
                    .isEqualTo("a");
        }
        try (JsonParser parser = JSON.createParser("""
                {"summary": {"run_id": "r"}, "products": [this is not JSON at all""")) {
            ReportParser.Head head = ReportParser.head(parser);
            assertThat(head.quality()).isNull();
            assertThat(head.changes()).isNull();
        }
        assertThatThrownBy(() -> ReportParser.head(JSON.createParser("{\"products\": []}")))
                .isInstanceOf(ReportParser.NotAReport.class)
                .hasMessage("it has no summary");
    }

    @Test
    void theQualitySectionIsReadWithoutReadingPastItAndIsNullWhenThereIsNone() {
        try (JsonParser parser = JSON.createParser("""
                {"summary": {"run_id": "r", "sources": ["a"]}, "quality": {"degraded": false, "gates": [{"source": "a"}]},
                 "products": [this is not JSON at all""")) {
            JsonNode quality = ReportParser.quality(parser);
            assertThat(quality.path(ReportKeys.Quality.GATES)
                            .get(0)
                            .path(ReportKeys.Gate.SOURCE)
                            .asString())
                    .isEqualTo("a");
        }
        try (JsonParser parser = JSON.createParser("{\"summary\": {}, \"products\": [this is not JSON")) {
            assertThat(ReportParser.quality(parser)).as("a run without gates").isNull();
        }
    }

    @Test
    void anInstantThatIsNoneIsNull() {
        assertThat(ReportParser.instant(JSON.readTree("\"2026-11-23T10:00:00Z\"")))
                .hasToString("2026-11-23T10:00:00Z");
        assertThat(ReportParser.instant(JSON.readTree("\"null\""))).isNull();
        assertThat(ReportParser.instant(JSON.readTree("5"))).isNull();
        assertThat(ReportParser.instant(null)).isNull();
    }

    private static void read(String json, ReportParser.Sections sections) {
        try (JsonParser parser = JSON.createParser(json)) {
            ReportParser.read(parser, sections);
        }
    }
}
