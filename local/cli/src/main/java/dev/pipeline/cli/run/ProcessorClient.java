package dev.pipeline.cli.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Optional;

/** The processor's REST API: a run's state, and its report once complete. */
public final class ProcessorClient {

    private final RestCalls rest;

    public ProcessorClient(URI baseUrl) {
        this.rest = new RestCalls("processor", baseUrl);
    }

    /** Empty until the processor has seen the run (404). */
    public Optional<ProcessedRun> run(String runId) {
        HttpResponse<String> response = rest.get("/api/runs/" + runId);
        return switch (response.statusCode()) {
            case 200 -> Optional.of(ServiceJson.MAPPER.readValue(response.body(), ProcessedRun.class));
            case 404 -> Optional.empty();
            default -> throw rest.unexpected("GET /api/runs/" + runId, response);
        };
    }

    /** The report as a stream the caller must close; empty while the run is not complete (404). */
    public Optional<InputStream> report(String runId) {
        HttpResponse<InputStream> response = rest.getStream("/api/runs/" + runId + "/report");
        if (response.statusCode() == 200) {
            return Optional.of(response.body());
        }
        close(response.body());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        throw rest.unexpected("GET /api/runs/" + runId + "/report", response);
    }

    private static void close(InputStream body) {
        try {
            body.close();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
