package dev.pipeline.cli.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeline.cli.stack.PipelineFailure;

/**
 * Reads a report's summary, metrics and first few errors in one streaming pass, skipping its
 * products and the other errors: a report can hold a million products, and the table needs none of them.
 */
public final class ReportReader {

    /** Reads one subtree at a time from a parser that goes on past it. */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Errors the table names; the rest are counted in the summary and listed in the report. */
    static final int ERRORS_SHOWN = 3;

    private ReportReader() {
    }

    public static ReportSummary read(Path report) {
        try (InputStream in = Files.newInputStream(report)) {
            return read(in, report.toString());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot read the report " + report, ex);
        }
    }

    public static ReportSummary read(InputStream in, String origin) {
        try (JsonParser parser = MAPPER.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new PipelineFailure(origin + " is not a report: it is not a JSON object");
            }
            JsonNode summary = MissingNode.getInstance();
            JsonNode metrics = MissingNode.getInstance();
            List<ReportError> errors = List.of();
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                switch (name) {
                    case "summary" -> summary = MAPPER.readTree(parser);
                    case "metrics" -> metrics = MAPPER.readTree(parser);
                    case "errors" -> errors = firstErrors(parser);
                    default -> parser.skipChildren();
                }
            }
            if (summary.isMissingNode()) {
                throw new PipelineFailure(origin + " is not a report: it has no summary");
            }
            return ReportSummary.from(summary, metrics, errors);
        }
        catch (JacksonException ex) {
            throw new PipelineFailure(origin + " is not a readable report: " + ex.getOriginalMessage(), ex);
        }
    }

    /** The first {@link #ERRORS_SHOWN} of the array the parser is at, skipping the others. */
    private static List<ReportError> firstErrors(JsonParser parser) {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return List.of();
        }
        List<ReportError> errors = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (errors.size() < ERRORS_SHOWN && parser.currentToken() == JsonToken.START_OBJECT) {
                errors.add(ReportError.from(MAPPER.readTree(parser)));
            }
            else {
                parser.skipChildren();
            }
        }
        return errors;
    }
}
