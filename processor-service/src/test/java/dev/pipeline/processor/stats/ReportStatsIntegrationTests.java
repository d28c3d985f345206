package dev.pipeline.processor.stats;

import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.pipeline.common.Topics;
import dev.pipeline.processor.ClosedBeforeItsDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * {@code /api/stats} over three small reports written by hand into the output directory (plus a
 * file that is not a report and a scratch file): exact totals, per source, top categories, and
 * the from/to window; bad parameters are 400 problems.
 */
@SpringBootTest
@AutoConfigureMockMvc
@EmbeddedKafka(
        partitions = 3,
        topics = {Topics.PRODUCTS, Topics.RUNS})
@ClosedBeforeItsDirectory
class ReportStatsIntegrationTests {

    @TempDir
    static Path output;

    @Autowired
    MockMvc mvc;

    @BeforeAll
    static void writeReports() throws IOException {
        Reports.write(
                output,
                "run-a",
                "2026-11-01T10:00:00Z",
                """
                [{"id":"1","title":"Car","source":"shop","price":5.0,"category":"toys"},
                 {"id":"2","title":"Kite","source":"shop","price":7.0,"category":"toys"},
                 {"id":"3","title":"Atlas","source":"shop","price":null,"category":"books"},
                 {"id":"7","title":"Ann Lee","source":"users","price":null,"category":"unknown"}]""",
                """
                [{"endpoint":"http://u/users?page=2","error":"HTTP 500","source":"users","kind":"http_error","attempts":3}]""",
                "{\"shop\":4,\"users\":5}",
                "{\"toys\":2,\"books\":1,\"unknown\":1}");
        Reports.write(output, "run-b", "2026-11-10T10:00:00Z", """
                [{"id":"1","title":"Car","source":"shop","price":5.0,"category":"toys","tags":"source: nested"},
                 {"id":"9","title":"Spade","source":"shop","price":12.5,"category":"garden"}]""", """
                [{"endpoint":"http://u/shop?page=3","error":"HTTP 429","source":"shop","kind":"http_error"},
                 {"endpoint":"http://u/shop?page=4","error":"not JSON","source":"shop","kind":"malformed_page"}]""", "{\"shop\":3}", "{\"toys\":1,\"garden\":1}");
        Reports.write(output, "run-c", "2026-11-20T10:00:00Z", """
                [{"id":"b-4","title":"Book","source":"upload","price":null,"category":"books"}]""", "[]", "{\"upload\":0}", "{\"books\":1}");
        Files.writeString(output.resolve("notes.json"), "[1, 2]");
        Files.writeString(output.resolve(".run-d.1234.json"), "{\"summary\": {");
        Files.writeString(output.resolve("readme.txt"), "not a report");
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("pipeline.processor.output-dir", () -> output.toString());
        registry.add("pipeline.processor.work-dir", () -> output.resolve("work").toString());
    }

    @Nested
    class Totals {

        @Test
        void addUpEveryReport() throws Exception {
            mvc.perform(get("/api/stats"))
                    .andExpect(status().isOk())
                    .andExpect(content().json("""
                            {"runs":3,"products":7,"errors":3,"requests":12,"successRate":0.7,
                             "firstRunAt":"2026-11-01T10:00:00Z","lastRunAt":"2026-11-20T10:00:00Z",
                             "unreadableReports":1}""", true));
        }

        @Test
        void countOnlyRunsStartedInTheWindowFromInclusiveToExclusive() throws Exception {
            mvc.perform(get("/api/stats").param("from", "2026-11-10T10:00:00Z"))
                    .andExpect(content().json("""
                            {"runs":2,"products":3,"errors":2,"requests":3,"successRate":0.6,
                             "firstRunAt":"2026-11-10T10:00:00Z","lastRunAt":"2026-11-20T10:00:00Z",
                             "from":"2026-11-10T10:00:00Z","unreadableReports":1}""", true));
            mvc.perform(get("/api/stats").param("from", "2026-11-01T00:00:00Z").param("to", "2026-11-10T10:00:00Z"))
                    .andExpect(jsonPath("$.runs").value(1))
                    .andExpect(jsonPath("$.products").value(4))
                    .andExpect(jsonPath("$.successRate").value(0.8));
            mvc.perform(get("/api/stats").param("to", "2026-01-01T00:00:00+02:00"))
                    .andExpect(jsonPath("$.runs").value(0))
                    .andExpect(jsonPath("$.successRate").value(0.0))
                    .andExpect(jsonPath("$.firstRunAt").doesNotExist());
        }

        @Test
        void aRewrittenReportIsReadAgain() throws Exception {
            Path extra = output.resolve("run-e.json");
            try {
                Reports.write(output, "run-e", "2026-11-21T10:00:00Z", "[]", "[]", "{}", "{}");
                mvc.perform(get("/api/stats")).andExpect(jsonPath("$.runs").value(4));
                Reports.write(
                        output,
                        "run-e",
                        "2026-11-21T10:00:00Z",
                        "[{\"id\":\"1\",\"source\":\"shop\",\"category\":\"toys\"}]",
                        "[]",
                        "{\"shop\":1}",
                        "{\"toys\":1}");
                Files.setLastModifiedTime(extra, FileTime.from(Instant.now().plusSeconds(5)));
                mvc.perform(get("/api/stats"))
                        .andExpect(jsonPath("$.runs").value(4))
                        .andExpect(jsonPath("$.products").value(8));
            } finally {
                Files.deleteIfExists(extra);
            }
            mvc.perform(get("/api/stats")).andExpect(jsonPath("$.runs").value(3));
        }
    }

    @Nested
    class PerSource {

        @Test
        void countsTheRunsProductsRequestsAndErrorsOfTheSource() throws Exception {
            mvc.perform(get("/api/stats/sources/shop"))
                    .andExpect(status().isOk())
                    .andExpect(content()
                            .json("{\"source\":\"shop\",\"runs\":2,\"products\":5,\"requests\":7,\"errors\":2}", true));
            mvc.perform(get("/api/stats/sources/users"))
                    .andExpect(content()
                            .json(
                                    "{\"source\":\"users\",\"runs\":1,\"products\":1,\"requests\":5,\"errors\":1}",
                                    true));
            mvc.perform(get("/api/stats/sources/upload"))
                    .andExpect(content()
                            .json(
                                    "{\"source\":\"upload\",\"runs\":1,\"products\":1,\"requests\":0,\"errors\":0}",
                                    true));
        }

        @Test
        void withinTheWindow() throws Exception {
            mvc.perform(get("/api/stats/sources/shop").param("from", "2026-11-05T00:00:00Z"))
                    .andExpect(jsonPath("$.runs").value(1))
                    .andExpect(jsonPath("$.products").value(2))
                    .andExpect(jsonPath("$.requests").value(3))
                    .andExpect(jsonPath("$.errors").value(2));
        }

        @Test
        void aSourceNoReportNamesIsNotFound() throws Exception {
            expectProblem(get("/api/stats/sources/nope"), 404, "no report names source 'nope'");
            expectProblem(
                    get("/api/stats/sources/shop").param("from", "2026-11-15T00:00:00Z"),
                    404,
                    "no report in the window names source 'shop'");
        }

        @Test
        void anInvalidSourceNameIsABadRequest() throws Exception {
            for (String name : List.of("bad name!", "Shop", "-shop")) {
                expectProblem(
                        get("/api/stats/sources/{source}", name),
                        400,
                        "a source name is 1-63 lower-case letters, digits, '-' or '_', starting with a letter or digit");
            }
        }
    }

    @Nested
    class Categories {

        @Test
        void theTopCategoriesByCountThenName() throws Exception {
            mvc.perform(get("/api/stats/categories").param("top", "3"))
                    .andExpect(status().isOk())
                    .andExpect(content().json("""
                            {"top":3,"distinct":4,"categories":[
                              {"category":"toys","count":3},{"category":"books","count":2},{"category":"garden","count":1}]}""", true));
        }

        @Test
        void tenByDefaultAndWithinTheWindow() throws Exception {
            mvc.perform(get("/api/stats/categories"))
                    .andExpect(jsonPath("$.top").value(10))
                    .andExpect(jsonPath("$.categories", hasSize(4)));
            mvc.perform(get("/api/stats/categories")
                            .param("to", "2026-11-15T00:00:00Z")
                            .param("top", "1"))
                    .andExpect(content().json("""
                            {"top":1,"distinct":4,"categories":[{"category":"toys","count":3}],
                             "to":"2026-11-15T00:00:00Z"}""", true));
        }

        @ParameterizedTest
        @CsvSource({"0", "-1", "1001", "abc", "1.5", "99999999999"})
        void aTopOutsideOneToAThousandIsABadRequest(String top) throws Exception {
            expectProblem(
                    get("/api/stats/categories").param("top", top),
                    400,
                    "'top' must be a whole number from 1 to 1000, not '" + top + "'");
        }
    }

    @Nested
    class BadWindows {

        @Test
        void aBoundThatIsNotAnInstantIsABadRequest() throws Exception {
            expectProblem(
                    get("/api/stats").param("from", "yesterday"),
                    400,
                    "'from' must be an ISO-8601 instant such as 2026-11-23T00:00:00Z, not 'yesterday'");
            expectProblem(
                    get("/api/stats/categories").param("to", "2026-13-45"),
                    400,
                    "'to' must be an ISO-8601 instant such as 2026-11-23T00:00:00Z, not '2026-13-45'");
            expectProblem(
                    get("/api/stats/sources/shop").param("from", "1700000000"),
                    400,
                    "'from' must be an ISO-8601 instant such as 2026-11-23T00:00:00Z, not '1700000000'");
        }

        @Test
        void fromNotBeforeToIsABadRequest() throws Exception {
            expectProblem(
                    get("/api/stats").param("from", "2026-11-10T00:00:00Z").param("to", "2026-11-10T00:00:00Z"),
                    400,
                    "'from' (2026-11-10T00:00:00Z) must be before 'to' (2026-11-10T00:00:00Z)");
        }
    }

    private void expectProblem(MockHttpServletRequestBuilder request, int status, String detail) throws Exception {
        mvc.perform(request)
                .andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.detail").value(detail));
    }
}
