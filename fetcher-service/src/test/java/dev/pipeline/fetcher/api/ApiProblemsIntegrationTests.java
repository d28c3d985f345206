package dev.pipeline.fetcher.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Collections;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Every bad request gets a 4xx RFC 9457 problem whose detail says what was wrong; and the API
 * describes itself at {@code /v3/api-docs}.
 */
@SpringBootTest
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 3)
@TestPropertySource(properties = "pipeline.upstream-url=http://127.0.0.1:1")
class ApiProblemsIntegrationTests {

    @Autowired
    MockMvc mvc;

    @Nested
    class StartingARun {

        @Test
        void malformedJsonSaysWhereItBroke() throws Exception {
            expectProblem(
                    post("/api/runs").contentType(MediaType.APPLICATION_JSON).content("{\"sources\": [\"reqres\""),
                    400,
                    startsWith("malformed JSON at line 1, column 22: Unexpected end-of-input"));
        }

        @Test
        void aFieldOfTheWrongTypeIsNamed() throws Exception {
            expectProblem(
                    post("/api/runs").contentType(MediaType.APPLICATION_JSON).content("{\"sources\": {\"a\": 1}}"),
                    400,
                    startsWith(
                            "wrong type at 'sources': Cannot deserialize value of type `java.util.ArrayList<java.lang.String>` from Object value"));
        }

        @Test
        void tooManySourcesAreInvalid() throws Exception {
            String many = String.join(",", Collections.nCopies(101, "\"reqres\""));
            expectProblem(
                    post("/api/runs").contentType(MediaType.APPLICATION_JSON).content("{\"sources\": [" + many + "]}"),
                    400,
                    containsString("sources: size must be between 0 and 100"));
        }

        @Test
        void anUnknownSourceIsNamedWithTheConfiguredOnes() throws Exception {
            expectProblem(
                    post("/api/runs").contentType(MediaType.APPLICATION_JSON).content("{\"sources\": [\"nope\"]}"),
                    400,
                    startsWith("not configured: [nope]; configured sources are [dummyjson, jsonplaceholder, reqres"));
        }

        @Test
        void aBodyThatIsNotJsonIsAnUnsupportedMediaType() throws Exception {
            expectProblem(
                    post("/api/runs").contentType(MediaType.TEXT_PLAIN).content("reqres"),
                    415,
                    startsWith("Content-Type 'text/plain"));
        }

        @Test
        void anotherMethodIsNotAllowed() throws Exception {
            expectProblem(
                            put("/api/runs")
                                    .contentType(MediaType.APPLICATION_JSON)
                                    .content("{}"),
                            405,
                            startsWith("Method 'PUT' is not supported."))
                    .andExpect(header().string("Allow", containsString("POST")));
        }
    }

    @Nested
    class ReadingRuns {

        @Test
        void anInvalidRunIdIsABadRequest() throws Exception {
            expectProblem(get("/api/runs/{id}", "not a run id!"), 400, startsWith("a run id is 1-64 letters"));
            expectProblem(get("/api/runs/{id}", "x".repeat(65)), 400, startsWith("a run id is 1-64 letters"));
        }

        @Test
        void anUnknownRunIsNotFound() throws Exception {
            expectProblem(get("/api/runs/run-unknown"), 404, startsWith("no run run-unknown here"));
            expectProblem(get("/api/runs/run-unknown/events"), 404, startsWith("no run run-unknown here"));
        }

        @Test
        void anUnknownPathIsNotFound() throws Exception {
            expectProblem(get("/api/nothing-here"), 404, containsString("api/nothing-here"));
        }
    }

    @Nested
    class Description {

        @Test
        void theOpenApiDocumentDescribesEveryEndpointAndTheApiKey() throws Exception {
            mvc.perform(get("/v3/api-docs"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.info.title").value("Pipeline fetcher"))
                    .andExpect(jsonPath("$.paths['/api/runs'].post").exists())
                    .andExpect(jsonPath("$.paths['/api/runs'].get").exists())
                    .andExpect(jsonPath("$.paths['/api/runs/{runId}'].get").exists())
                    .andExpect(
                            jsonPath("$.paths['/api/runs/{runId}/events'].get").exists())
                    .andExpect(jsonPath("$.paths['/api/uploads'].post").exists())
                    .andExpect(jsonPath("$.paths['/api/schedules'].get").exists())
                    .andExpect(jsonPath("$.paths['/api/schedules/{name}'].get").exists())
                    .andExpect(
                            jsonPath("$.paths['/api/sources/{name}/state'].get").exists())
                    .andExpect(jsonPath("$.paths['/api/sources/{name}/state'].post.security[0].apiKey")
                            .exists())
                    .andExpect(jsonPath("$.paths['/api/uploads'].post.security[0].apiKey")
                            .exists())
                    .andExpect(jsonPath("$.paths['/api/runs'].get.security").doesNotExist())
                    .andExpect(
                            jsonPath("$.components.securitySchemes.apiKey.name").value("X-API-Key"));
        }

        @Test
        void theUiIsServed() throws Exception {
            mvc.perform(get("/swagger-ui.html"))
                    .andExpect(status().is3xxRedirection())
                    .andExpect(header().string("Location", containsString("/swagger-ui/index.html")));
            mvc.perform(get("/swagger-ui/index.html"))
                    .andExpect(status().isOk())
                    .andExpect(content().string(containsString("swagger-ui")));
        }

        @Test
        void actuatorShowsHealthInfoAndMetricsOnly() throws Exception {
            mvc.perform(get("/actuator"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$._links.keys()").value(hasItem("health")));
            for (String hidden : new String[] {"env", "configprops", "beans", "heapdump", "loggers", "mappings"}) {
                mvc.perform(get("/actuator/" + hidden)).andExpect(status().isNotFound());
            }
            mvc.perform(get("/actuator/prometheus")).andExpect(status().isOk());
        }
    }

    private ResultActions expectProblem(MockHttpServletRequestBuilder request, int status, Matcher<String> detail)
            throws Exception {
        return mvc.perform(request)
                .andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.detail", detail));
    }
}
