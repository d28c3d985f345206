package dev.pipeline.cli.report;

import dev.pipeline.cli.stack.PipelineFailure;
import dev.pipeline.common.report.ReportParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * Reads a report's summary, metrics and first few errors in one streaming pass ({@link ReportParser}),
 * skipping its products and the other errors: a report can hold a million products, and the table
 * needs none of them.
 */
public final class ReportReader {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** Errors the table names; the rest are counted in the summary and listed in the report. */
    static final int ERRORS_SHOWN = 3;

    private ReportReader() {}

    public static ReportSummary read(Path report) {
        try (InputStream in = Files.newInputStream(report)) {
            return read(in, report.toString());
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read the report " + report, ex);
        }
    }

    public static ReportSummary read(InputStream in, String origin) {
        try (JsonParser parser = MAPPER.createParser(in)) {
            Sections sections = new Sections();
            ReportParser.read(parser, sections);
            return ReportSummary.from(sections.summary, sections.quality, sections.metrics, sections.errors);
        } catch (ReportParser.NotAReport ex) {
            throw new PipelineFailure(origin + " is not a report: " + ex.getMessage());
        } catch (JacksonException ex) {
            throw new PipelineFailure(origin + " is not a readable report: " + ex.getOriginalMessage(), ex);
        }
    }

    /** The summary and metrics, and the first {@link #ERRORS_SHOWN} errors. */
    private static final class Sections implements ReportParser.Sections {

        private JsonNode summary = MissingNode.getInstance();

        private JsonNode metrics = MissingNode.getInstance();

        private JsonNode quality = MissingNode.getInstance();

        @Override
        public void quality(JsonNode quality) {
            this.quality = quality;
        }

        private final List<ReportError> errors = new ArrayList<>();

        @Override
        public void summary(JsonNode summary) {
            this.summary = summary;
        }

        @Override
        public void errors(JsonParser parser) {
            ReportParser.forEachObject(parser, error -> {
                if (errors.size() < ERRORS_SHOWN) {
                    errors.add(ReportError.from(error.readValueAsTree()));
                } else {
                    error.skipChildren();
                }
            });
        }

        @Override
        public void metrics(JsonNode metrics) {
            this.metrics = metrics;
        }
    }
}
