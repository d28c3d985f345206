package dev.pipeline.cli.run;

import dev.pipeline.common.FetchState;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The fetcher's REST API: trigger a run, read its progress. */
public final class FetcherClient {

    private final RestCalls rest;

    public FetcherClient(URI baseUrl) {
        this(baseUrl, "");
    }

    /** One that sends {@code apiKey} with the requests that change something; {@code ""}: none. */
    public FetcherClient(URI baseUrl, String apiKey) {
        this.rest = new RestCalls("fetcher", baseUrl, apiKey);
    }

    /** Starts a run of the given sources (all configured sources when empty) and returns its id. */
    public String startRun(List<String> sources) {
        String body = sources.isEmpty() ? "{}" : ServiceJson.MAPPER.writeValueAsString(Map.of("sources", sources));
        HttpResponse<String> response = rest.postJson("/api/runs", body);
        if (response.statusCode() != 202 && response.statusCode() != 201) {
            throw rest.unexpected("POST /api/runs", response);
        }
        JsonNode runId = ServiceJson.MAPPER.readTree(response.body()).path("runId");
        if (!runId.isString() || runId.asString().isBlank()) {
            throw rest.unexpected("POST /api/runs without a runId", response);
        }
        return runId.asString();
    }

    /** The runs this fetcher knows, newest first. */
    public List<FetchRun> recent() {
        HttpResponse<String> response = rest.get("/api/runs");
        if (response.statusCode() != 200) {
            throw rest.unexpected("GET /api/runs", response);
        }
        return List.of(ServiceJson.MAPPER.readValue(response.body(), FetchRun[].class));
    }

    /** The run's fetch tasks: how many are done, by which instance, and the takeovers. */
    public TaskCounts tasks(String runId) {
        HttpResponse<String> response = rest.get("/api/runs/" + runId);
        if (response.statusCode() != 200) {
            throw rest.unexpected("GET /api/runs/" + runId, response);
        }
        JsonNode run = ServiceJson.MAPPER.readTree(response.body());
        JsonNode tasks = run.path("tasks");
        Map<String, Integer> doneBy = new LinkedHashMap<>();
        tasks.path("doneBy").forEachEntry((instance, done) -> doneBy.put(instance, done.asInt(0)));
        return new TaskCounts(
                FetchState.parse(run.path("state").asString(null)).orElse(null),
                tasks.path("planned").asInt(0),
                tasks.path("done").asInt(0),
                doneBy,
                tasks.path("takeovers").size());
    }

    public FetchRun run(String runId) {
        HttpResponse<String> response = rest.get("/api/runs/" + runId);
        if (response.statusCode() != 200) {
            throw rest.unexpected("GET /api/runs/" + runId, response);
        }
        return ServiceJson.MAPPER.readValue(response.body(), FetchRun.class);
    }
}
