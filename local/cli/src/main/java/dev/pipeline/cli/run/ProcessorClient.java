package dev.pipeline.cli.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The processor's REST API: a run's state, its report once complete, and the catalogue. */
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

    /**
     * A page of the catalogue: {@code source} and {@code cursor} may be {@code null}. A refused
     * parameter is a failure quoting the processor's problem.
     */
    public CatalogPage catalog(String source, int limit, String cursor) {
        StringBuilder path = new StringBuilder("/api/catalog?limit=").append(limit);
        if (source != null) {
            path.append("&source=").append(URLEncoder.encode(source, StandardCharsets.UTF_8));
        }
        if (cursor != null) {
            path.append("&cursor=").append(URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = rest.get(path.toString());
        if (response.statusCode() != 200) {
            throw rest.unexpected("GET " + path, response);
        }
        return ServiceJson.MAPPER.readValue(response.body(), CatalogPage.class).withJson(response.body());
    }

    private static void close(InputStream body) {
        try {
            body.close();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
